"""Reads of applications, scoped to who asks: staff see every one, a partner its own
organisation's, anyone else none (a foreign id is then a 404)."""

from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from noyau.permissions import peut
from organismes.membres import organisme_id_de
from organismes.permissions import est_partenaire

from ..models import CibleDemande, Demande


def demandes_visibles(*, user) -> QuerySet[Demande]:
    qs = Demande.objects.select_related("appel", "appel__programme", "organisme")
    if peut(user, "appels.voir_gestion"):
        return qs
    if not (user.is_authenticated and est_partenaire(user)):
        return qs.none()
    return qs.filter(organisme_id=organisme_id_de(user))


def demandes_de_l_appel(*, user, appel) -> QuerySet[Demande]:
    """The staff list of a call's applications (drafts included: agents see who is writing)."""
    if not peut(user, "appels.voir_gestion"):
        return Demande.objects.none()
    return (
        Demande.objects.filter(appel=appel)
        .select_related("organisme")
        .order_by("organisme__nom_legal", "pk")
    )


def demandes_de_l_organisme(*, user):
    """The portal's list: the organisation's applications, latest call first."""
    if peut(user, "appels.voir_gestion"):
        return Demande.objects.none()
    return demandes_visibles(user=user).order_by("-appel__cloture", "pk")


def fiche_demande(demande) -> dict:
    """Everything an application's page shows, read once."""
    services = list(
        demande.services.select_related("rubrique").prefetch_related(
            "territoires", Prefetch("cibles", CibleDemande.objects.select_related("statut"))
        )
    )
    budget = list(demande.lignes_budget.select_related("ligne"))
    financements = list(demande.autres_financements.all())
    pieces = {p.document_id: p for p in demande.pieces.all()}
    documents = [(d, pieces.get(d.pk)) for d in demande.appel.documents_requis.all()]
    return {
        "services": services,
        "budget": budget,
        # Both totals from the rows just read (one definition, no second query), in Decimal.
        "total_budget": sum((b.montant for b in budget), Decimal("0")),
        "financements": financements,
        "total_financements": sum((f.montant for f in financements), Decimal("0")),
        "documents": documents,
        "prolongations": list(demande.prolongations.select_related("par")),
        # A reverse one-to-one that does not exist raises an AttributeError: None then.
        "recevabilite": getattr(demande, "recevabilite", None),
    }
