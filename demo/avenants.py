"""Demo amendments and a retention: two signed grants amended by the executive committee (one
cut, one raised), and one final instalment withheld with its reason, all through the
application's services so that history, schedules and envelopes stay consistent."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from subventions.models import Avenant, Subvention, Transition
from versements.models import Versement
from versements.services import paiements
from versements.services.avenants import avenant_enregistrer

S = Subvention.Statut
V = Versement.Statut
AVENANTS = [
    # status of the grant amended, change of its amount (share), reason
    (
        S.CONVENTION_SIGNEE,
        Decimal("-0.10"),
        "Réduction du nombre de cohortes: le local prévu n'est plus disponible.",
    ),
    (
        S.EN_COURS,
        Decimal("0.08"),
        "Ajout d'ateliers d'orientation pour les personnes demandeuses d'asile.",
    ),
]


def _repartitions(subvention, ecart):
    lignes = [
        {"exercice": r.exercice, "montant": r.montant}
        for r in subvention.repartitions.order_by("exercice")
    ]
    lignes[-1]["montant"] += ecart
    return lignes


def _avenant(subvention, gestionnaire, part, motif):
    ecart = (subvention.montant_accorde * part).quantize(Decimal("1"))
    lignes = _repartitions(subvention, ecart)
    if lignes[-1]["montant"] <= 0:
        return None
    base = max(d for d in (subvention.date_decision, subvention.date_signature) if d)
    try:
        return avenant_enregistrer(
            subvention=subvention,
            par=gestionnaire,
            version=subvention.version,
            montant=subvention.montant_accorde + ecart,
            repartitions=lignes,
            numero_resolution=f"CE{base.year % 100:02d} {1500 + subvention.pk % 500:04d}",
            date_decision=min(base + datetime.timedelta(days=45), timezone.localdate()),
            motif=motif,
            derogation_raison="Priorité du comité exécutif (données de démonstration).",
        )
    except ValidationError:
        return None  # below what is paid, or another rule: try the next grant


def creer_avenants(utilisateurs):
    """One amendment on each of two signed grants (none when the demo already has any)."""
    if Avenant.objects.exists():
        return 0
    gestionnaire = utilisateurs["gestionnaire"]
    # Separation of duties: never a file this manager recommended (the service would refuse).
    recommandees = Transition.objects.filter(vers=S.RECOMMANDEE, par=gestionnaire)
    crees = 0
    for statut, part, motif in AVENANTS:
        candidates = (
            Subvention.objects.filter(statut=statut, repartitions__isnull=False)
            .exclude(agent=gestionnaire)
            .exclude(pk__in=recommandees.values("subvention"))
            .distinct()
            .order_by("numero")
        )
        for subvention in candidates[:10]:
            if _avenant(subvention, gestionnaire, part, motif):
                crees += 1
                break
    return crees


def creer_retenue(utilisateurs):
    """A finished project whose final instalment is withheld (none when one already is)."""
    if Versement.objects.filter(statut=V.RETENU).exists():
        return 0
    versement = (
        Versement.objects.filter(
            subvention__statut=S.TERMINEE,
            statut__in=[V.PREVU, V.AUTORISE],
            condition=Versement.Condition.RAPPORT_FINAL,
        )
        .order_by("subvention__numero")
        .first()
    )
    if versement is None:
        return 0
    paiements.versement_retenir(
        versement=versement,
        par=utilisateurs["gestionnaire"],
        motif="Rapport final incomplet: les dépenses du dernier trimestre ne sont pas "
        "justifiées. Retenu jusqu'à réception des pièces.",
    )
    return 1
