"""Reads scoped to the user: a partner only ever gets its own organisation and its files."""

import datetime

from django.db.models import (
    DateTimeField,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from comptes.roles import Role, a_role, est_personnel
from noyau.requetes import parmi

from .membres import organisme_de
from .models import Contact, Document, Organisme

# Stands for "never" where a database's GREATEST would turn one missing date into no date at all
# (SQLite, MySQL); no change is that old.
JAMAIS = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def organismes_visibles(*, user) -> QuerySet[Organisme]:
    qs = Organisme.objects.select_related("arrondissement")
    if est_personnel(user):
        return qs
    if a_role(user, Role.PARTENAIRE) and organisme_de(user) is not None:
        return qs.filter(pk=organisme_de(user).pk)
    return qs.none()


def organisme_du_partenaire(*, user) -> Organisme | None:
    """The one organisation `organismes_visibles` gives a partner, as its membership already
    loaded it (with its arrondissement): the portal's pages need no second query for it."""
    if a_role(user, Role.PARTENAIRE):
        return organisme_de(user)
    return None


def contacts_de(*, organisme) -> QuerySet:
    """Principal contact first (the model's ordering), then by name."""
    return organisme.contacts.all()


def documents_visibles(*, user) -> QuerySet[Document]:
    """Documents of the organisations the user may see: a partner gets its own only."""
    return parmi(Document.objects.all(), "organisme", organismes_visibles(user=user))


def documents_a_renouveler(*, user, jours) -> QuerySet[Document]:
    """Documents in force that expire within `jours` days (the staff's work queue)."""
    aujourd_hui = timezone.localdate()
    return (
        documents_visibles(user=user)
        .courants()
        .filter(
            date_validite__gte=aujourd_hui,
            date_validite__lte=aujourd_hui + datetime.timedelta(days=jours),
        )
        .select_related("organisme")
    )


def documents_de(*, organisme) -> QuerySet[Document]:
    """The versions in force (the replaced ones: versions_remplacees)."""
    return organisme.documents.courants()


def documents_courants(*, organisme) -> QuerySet[Document]:
    """The versions in force, each with the one it replaced (one query)."""
    return organisme.documents.courants().select_related("remplace")


def versions_remplacees(*, organisme) -> QuerySet[Document]:
    """Versions that a newer one replaced, with their successor, newest replacement first."""
    return (
        organisme.documents.remplaces()
        .select_related("remplace_par")
        .order_by("-remplace_par__televerse_le", "-pk")
    )


def _par_l_organisme(historique, cle, **filtre):
    """Latest change in `historique` made by a member of the organisation itself."""
    return (
        historique.filter(history_user__membre__organisme_id=cle, **filtre)
        .order_by()
        .values(*filtre)
        .annotate(dernier=Max("history_date"))
        .values("dernier")
    )


def modifie_par_l_organisme_le(*, organisme):
    """When a partner user of the organisation last changed its record, a contact or a document
    (None if never): what the agent sees as "Modifié par l'organisme le …". One query."""
    le = (
        Organisme.objects.filter(pk=organisme.pk)
        .annotate(le=_derniere_modification_par_l_organisme())
        .values_list("le", flat=True)
        .first()
    )
    return None if le is None or le <= JAMAIS else le


def _derniere_modification_par_l_organisme():
    cle = OuterRef("pk")
    dates = [
        Subquery(_par_l_organisme(Organisme.history, cle, id=cle)),
        Subquery(_par_l_organisme(Contact.history, cle, organisme_id=cle)),
        Subquery(_par_l_organisme(Document.history, cle, organisme_id=cle)),
    ]
    return Greatest(
        *(Coalesce(d, Value(JAMAIS), output_field=DateTimeField()) for d in dates),
        output_field=DateTimeField(),
    )


def organismes_modifies_par_leur_organisme(*, user, depuis) -> QuerySet[Organisme]:
    """Organisations a partner user changed (record, contacts or documents) since `depuis`,
    with `modifie_par_organisme_le`, among those `user` may see."""

    # Chosen from the history rows since then written by one of the organisation's own members
    # (the history tables' date index finds them), which is the rule itself; the latest date,
    # shown on the page, is then worked out for those few organisations, not for all 2,000.
    def par_un_membre(historique, cle):
        return historique.filter(
            history_date__gte=depuis, history_user__membre__organisme_id=F(cle)
        ).values(cle)

    recents = (
        Q(pk__in=par_un_membre(Organisme.history, "id"))
        | Q(pk__in=par_un_membre(Contact.history, "organisme_id"))
        | Q(pk__in=par_un_membre(Document.history, "organisme_id"))
    )
    return (
        organismes_visibles(user=user)
        .filter(recents)
        .annotate(modifie_par_organisme_le=_derniere_modification_par_l_organisme())
    )
