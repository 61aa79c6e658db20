"""The demo partners' portal: each has a report sent back with the officer's reason, through the
reporting services, so that "Messages du BINAM" and the reports due are never empty. Reruns add
nothing: an organisation that already has a report to correct is left as it is."""

from django.db.models import Case, IntegerField, Value, When

from reddition.models import Obligation
from reddition.services import obligation_a_corriger, obligation_marquer_soumise
from subventions.models import Subvention

S = Subvention.Statut
ST = Obligation.Statut
ACTIVES = (S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE)
MOTIF = (
    "Merci pour ce rapport. Il manque les participants rejoints par statut d'immigration pour "
    "l'atelier d'accueil: ajoutez-les, puis soumettez de nouveau."
)


def renvoyer_un_rapport(organismes):
    renvoyes = 0
    for organisme in organismes:
        obligations = Obligation.objects.filter(
            subvention__organisme=organisme, subvention__statut__in=ACTIVES
        ).select_related("subvention__agent")
        if obligations.filter(statut=ST.A_CORRIGER).exists():
            continue
        # A report already received first, else the earliest one still to come.
        candidate = (
            obligations.filter(statut__in=[ST.SOUMIS, ST.A_VENIR])
            .annotate(
                recu=Case(
                    When(statut=ST.SOUMIS, then=Value(0)), default=1, output_field=IntegerField()
                )
            )
            .order_by("recu", "date_echeance", "pk")
            .first()
        )
        if candidate is None:
            continue
        agent = candidate.subvention.agent
        if candidate.statut == ST.A_VENIR:
            candidate = obligation_marquer_soumise(obligation=candidate, par=agent)
        obligation_a_corriger(obligation=candidate, par=agent, commentaire=MOTIF)
        renvoyes += 1
    return renvoyes
