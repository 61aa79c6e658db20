"""Demo schedules: every signed grant has its default schedule, and what its status implies is
paid (the signature instalment once the project runs, the final one once the file is closed),
so that "versé" shows real figures."""

import datetime

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from subventions.models import Subvention
from versements.models import Versement
from versements.services.echeancier import echeancier_par_defaut

S = Subvention.Statut
V = Versement.Statut
SIGNEES = (S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE)


def _au_plus_tard(date, aujourd_hui, plancher):
    return max(min(date, aujourd_hui), plancher)


def creer_versements(utilisateurs):
    """Creates the missing schedules (a grant that has one is left alone: reruns add nothing)."""
    gestionnaire = utilisateurs["gestionnaire"]
    aujourd_hui = timezone.localdate()
    maintenant = timezone.now()
    subventions = (
        Subvention.objects.filter(statut__in=SIGNEES, versements__isnull=True)
        .prefetch_related("transitions")
        .order_by("numero")
    )
    nouveaux, signatures = [], []
    for s in subventions:
        jours = {t.vers: timezone.localtime(t.le).date() for t in s.transitions.all()}
        signature = s.date_signature or jours.get(S.CONVENTION_SIGNEE)
        if signature is None or not s.montant_accorde:
            continue
        if s.date_signature is None:
            s.date_signature = signature
            signatures.append(s)
        lignes = echeancier_par_defaut(subvention=s, date_signature=signature)
        for rang, ligne in enumerate(lignes, start=1):
            v = Versement(
                subvention=s,
                rang=rang,
                montant=ligne["montant"],
                date_prevue=ligne["date_prevue"],
                condition=ligne["condition"],
                condition_remplie=ligne["condition"] == Versement.Condition.SIGNATURE,
            )
            final = v.condition == Versement.Condition.RAPPORT_FINAL
            if not final and s.statut == S.CONVENTION_SIGNEE:
                v.statut = V.AUTORISE
            elif not final or s.statut == S.FERMEE:
                depuis = signature if not final else s.date_fin
                date = _au_plus_tard(
                    depuis + datetime.timedelta(days=75 if final else 15), aujourd_hui, signature
                )
                v.condition_remplie = True
                v.statut = V.PAYE
                v.date_paiement = date
                v.reference_paiement = f"DEMO-{s.numero}-{rang}"
                v.paye_par = s.agent
                v.paye_le = maintenant
            elif s.statut == S.TERMINEE and s.pk % 2:
                # Final report accepted, the last payment authorised and waiting for its batch.
                v.condition_remplie = True
                v.statut = V.AUTORISE
            if v.statut in (V.AUTORISE, V.PAYE):
                v.autorise_par = gestionnaire
                v.autorise_le = maintenant
            nouveaux.append(v)
    Subvention.objects.bulk_update(signatures, ["date_signature"], batch_size=500)
    bulk_create_with_history(
        nouveaux, Versement, batch_size=1000, default_change_reason="Données de démonstration"
    )
    return len(nouveaux)
