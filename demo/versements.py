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
C = Versement.Condition
SIGNEES = (S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE)


def _au_plus_tard(date, aujourd_hui, plancher):
    return max(min(date, aujourd_hui), plancher)


def _statut(s, condition):
    """What the grant's status implies for one instalment: the signature's part is paid once
    the project runs (authorised while only signed); everything is paid once the file is
    closed (its reports accepted); an instalment waiting on a report otherwise stays planned
    (demo.reddition releases it when its report is accepted), except a finished project's
    final one, authorised on every other grant."""
    if s.statut == S.FERMEE:
        return V.PAYE
    if condition == C.SIGNATURE:
        return V.AUTORISE if s.statut == S.CONVENTION_SIGNEE else V.PAYE
    if condition == C.RAPPORT_FINAL and s.statut == S.TERMINEE and s.pk % 2:
        return V.AUTORISE
    return V.PREVU


def _date_paiement(s, ligne, signature, aujourd_hui):
    # A fortnight after it became payable (signature, 1 January of its exercice), 75 days after
    # the end for the final one; never after today, never before the signature.
    depuis = {
        C.SIGNATURE: signature,
        C.RAPPORT_ETAPE: ligne["date_prevue"],
        C.RAPPORT_FINAL: s.date_fin,
    }[ligne["condition"]]
    jours = 75 if ligne["condition"] == C.RAPPORT_FINAL else 15
    return _au_plus_tard(depuis + datetime.timedelta(days=jours), aujourd_hui, signature)


def creer_versements(utilisateurs):
    """Creates the missing schedules (a grant that has one is left alone: reruns add nothing).
    Each follows the grant's répartition (echeancier_par_defaut), so every exercice's
    instalments sum to its part."""
    gestionnaire = utilisateurs["gestionnaire"]
    aujourd_hui = timezone.localdate()
    maintenant = timezone.now()
    subventions = (
        Subvention.objects.filter(statut__in=SIGNEES, versements__isnull=True)
        .prefetch_related("transitions", "repartitions")
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
                exercice=ligne["exercice"],
                montant=ligne["montant"],
                date_prevue=ligne["date_prevue"],
                condition=ligne["condition"],
                condition_remplie=ligne["condition"] == C.SIGNATURE,
                statut=_statut(s, ligne["condition"]),
            )
            if v.statut == V.PAYE:
                v.condition_remplie = True
                v.date_paiement = _date_paiement(s, ligne, signature, aujourd_hui)
                v.reference_paiement = f"DEMO-{s.numero}-{rang}"
                v.paye_par = s.agent
                v.paye_le = maintenant
            if v.statut in (V.AUTORISE, V.PAYE):
                # A finished project's authorised final instalment: its report was accepted.
                v.condition_remplie = True
                v.autorise_par = gestionnaire
                v.autorise_le = maintenant
            nouveaux.append(v)
    Subvention.objects.bulk_update(signatures, ["date_signature"], batch_size=500)
    bulk_create_with_history(
        nouveaux, Versement, batch_size=1000, default_change_reason="Données de démonstration"
    )
    return len(nouveaux)
