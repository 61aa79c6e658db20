"""The grant lifecycle as data: which step goes from where to where, and which permission it asks.

domain.md: en analyse → recommandée → approuvée → convention signée → en cours → terminée →
fermée, with refusée (from en analyse or recommandée) and annulée (before fermée, with a reason).
One step is added: a recommended file can be sent back to analysis (with the reason), since a
recommended file can no longer be edited in place.

Who may take a step is the permission `subventions.<action>` (subventions/permissions.py); each
step's service in services.py asks `peut_faire` under the row lock, and the grant page shows a
button exactly for the steps `etapes_possibles` returns.
"""

from dataclasses import dataclass
from functools import cached_property

import rules
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from noyau.permissions import peut
from noyau.regles import REGLES, Condition, Regle

from .models import Subvention

S = Subvention.Statut


@dataclass(frozen=True)
class Etape:
    action: str
    libelle: str
    depuis: tuple
    vers: str
    commentaire_requis: bool = False
    bouton_danger: bool = False
    # Steps whose page asks for more than a comment have their own view (URL name).
    vue: str = "subventions:transition"

    @property
    def permission(self):
        return f"subventions.{self.action}"

    @cached_property
    def regle(self):
        """The whole answer to "may this user take this step now", with its reason: the status
        it starts from, then who (the permission's own rule), then what later apps registered."""

        @rules.predicate
        def au_bon_statut(user, subvention):
            return subvention is not None and subvention.statut in self.depuis

        @rules.predicate
        def rien_n_empeche(user, subvention):
            return not empechements(self, subvention)

        def rien_n_empeche_q(user):
            # What later apps register reads their own rows: no QuerySet form of it here.
            if _CONDITIONS.get(self.action):
                raise TypeError(f"« {self.action} » has conditions a QuerySet cannot ask")
            return Q()

        def attend_encore(user, subvention, contexte):
            return gettext("L'étape « %(action)s » attend encore : %(raisons)s") % {
                "action": self.libelle,
                "raisons": " ".join(str(r) for r in empechements(self, subvention)),
            }

        return Regle(
            Condition(
                au_bon_statut,
                _(
                    "L'étape « %(action)s » est impossible : la subvention est au statut "
                    "« %(statut)s » (quelqu'un l'a peut-être fait avancer entre-temps)."
                ),
                etat=True,
                filtre=lambda user: Q(statut__in=self.depuis),
            ),
            Condition(REGLES[self.permission]),
            Condition(rien_n_empeche, attend_encore, etat=True, filtre=rien_n_empeche_q),
            libelle=self.libelle,
        )

    def url_kwargs(self, subvention):
        if self.vue == "subventions:transition":
            return {"pk": subvention.pk, "action": self.action}
        return {"pk": subvention.pk}


ETAPES = {
    e.action: e
    for e in (
        Etape("recommander", _("Recommander"), (S.EN_ANALYSE,), S.RECOMMANDEE),
        Etape(
            "approuver", _("Approuver"), (S.RECOMMANDEE,), S.APPROUVEE, vue="subventions:approuver"
        ),
        Etape(
            "renvoyer",
            _("Renvoyer en analyse"),
            (S.RECOMMANDEE,),
            S.EN_ANALYSE,
            commentaire_requis=True,
        ),
        Etape(
            "refuser",
            _("Refuser"),
            (S.EN_ANALYSE, S.RECOMMANDEE),
            S.REFUSEE,
            commentaire_requis=True,
            bouton_danger=True,
        ),
        Etape(
            "signer",
            _("Signer la convention"),
            (S.APPROUVEE,),
            S.CONVENTION_SIGNEE,
            # Its page is chosen by config/urls.py: signing also creates the schedule (versements).
            vue="signer_convention",
        ),
        Etape("demarrer", _("Démarrer le projet"), (S.CONVENTION_SIGNEE,), S.EN_COURS),
        Etape("terminer", _("Terminer le projet"), (S.EN_COURS,), S.TERMINEE),
        Etape("fermer", _("Fermer le dossier"), (S.TERMINEE,), S.FERMEE),
        Etape(
            "annuler",
            _("Annuler la subvention"),
            (S.EN_ANALYSE, S.RECOMMANDEE, S.APPROUVEE, S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE),
            S.ANNULEE,
            commentaire_requis=True,
            bouton_danger=True,
        ),
    )
}


# What the apps after this one require before a step (closing needs the final report accepted
# and every instalment settled: reddition and versements know that, not this app). Each entry is
# a function of the grant returning the reasons that stand in the way (empty: nothing does); an
# app registers it in its AppConfig.ready() with `ajouter_condition`.
_CONDITIONS: dict[str, list] = {}


def ajouter_condition(action: str, condition) -> None:
    if condition not in _CONDITIONS.setdefault(action, []):
        _CONDITIONS[action].append(condition)


def empechements(etape, subvention) -> list[str]:
    """What still stands in the way of `etape` on `subvention`, in words (empty: nothing)."""
    return [
        raison
        for condition in _CONDITIONS.get(etape.action, ())
        for raison in condition(subvention)
    ]


def peut_faire(user, etape, subvention) -> bool:
    """The one answer to "may this user take this step now": the status allows it, the
    step's permission says yes and nothing registered for the step stands in the way."""
    return bool(etape.regle.verdict(user, subvention))


def etapes_possibles(user, subvention):
    """The steps this user may take on this grant now (the buttons the grant page shows)."""
    return [e for e in ETAPES.values() if peut_faire(user, e, subvention)]


def etapes_en_attente(user, subvention):
    """[(step, reasons)] for the steps the status and this user's permission allow but that
    something registered still stands in the way of: the grant page says what is missing before
    anyone clicks (the reasons the step's rule gives, not a second rule)."""
    attentes = []
    for etape in ETAPES.values():
        if subvention.statut in etape.depuis and peut(user, etape.permission, subvention):
            raisons = empechements(etape, subvention)
            if raisons:
                attentes.append((etape, raisons))
    return attentes


def raison_du_refus(user, etape, subvention) -> str:
    """Why `user` may not take `etape` on `subvention`, in words that say what to do."""
    return etape.regle.verdict(user, subvention).raison
