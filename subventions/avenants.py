"""Amendments (avenants) on the grant's side: the new amount and répartition, decided by the
executive committee, checked against the envelopes like the approval.

The schedule must follow in the same transaction: pages and other apps call the composition
`versements.services.avenants.avenant_enregistrer`, which calls `avenant_creer` and then adjusts the
unpaid instalments (this app never imports versements).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noyau.permissions import verdict
from noyau.versions import verifier_version

from .models import Avenant, Repartition, RepartitionAvenant, Subvention
from .services import enveloppes_verifier, valider_montants

ZERO = Decimal("0")
# Change reason of every row an amendment touches (readable in either language).
RAISON_AVENANT = gettext_lazy("Avenant n° %(rang)s")


def _verifier_decision(subvention, numero_resolution, date_decision, motif):
    erreurs = []
    if not numero_resolution or not date_decision:
        erreurs.append(
            _("Le numéro de résolution du comité exécutif et la date de décision sont requis.")
        )
    if not (motif or "").strip():
        erreurs.append(_("Indiquez le motif de l'avenant : il est conservé au dossier."))
    if date_decision:
        if date_decision > timezone.localdate():
            erreurs.append(_("La date de décision ne peut pas être dans le futur."))
        anterieures = subvention.avenants.values_list("date_decision", flat=True)
        dates = [subvention.date_decision, *anterieures]
        precedente = max((d for d in dates if d), default=None)
        if precedente and date_decision < precedente:
            erreurs.append(
                _(
                    "La décision de l'avenant ne peut pas précéder la décision précédente sur "
                    "cette subvention (%(date)s)."
                )
                % {"date": precedente.isoformat()}
            )
    if erreurs:
        raise ValidationError(erreurs)


def _appliquer_repartition(subvention, voulue, raison):
    """Brings the grant's répartition rows to the amended state; history keeps the earlier rows
    (a year the amendment empties is deleted: the amendment's own rows keep what it was)."""
    for ligne in subvention.repartitions.all():
        montant = voulue.pop(ligne.exercice, None)
        ligne._change_reason = raison
        if montant is None:
            ligne.delete()
        elif montant != ligne.montant:
            ligne.montant = montant
            ligne.save()
    for exercice, montant in voulue.items():
        ligne = Repartition(subvention=subvention, exercice=exercice, montant=montant)
        ligne._change_reason = raison
        ligne.save()


@transaction.atomic
def avenant_creer(
    *,
    subvention,
    par,
    version,
    montant,
    repartitions,
    numero_resolution,
    date_decision,
    motif,
    derogation_raison="",
) -> Avenant:
    """A manager amends a signed grant (convention signée, en cours or terminée): new granted
    amount and répartition (Σ = amount, to the cent), the CE resolution and decision date (not
    in the future, not before the grant's or a previous amendment's decision) and the reason.
    Each exercice's increase must fit the remaining envelope, unless overridden with a reason
    (as at approval). Same separation of duties as the approval
    (`subventions.enregistrer_avenant`). The grant row is locked and its version checked, so
    two amendments opened together cannot both apply."""
    subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
    # The amendment's rule (subventions.enregistrer_avenant) with its reason: a grant not under
    # agreement is a ValidationError, who asks a PermissionDenied.
    verdict(par, "subventions.enregistrer_avenant", subvention).exiger()
    verifier_version(subvention, version)
    numero_resolution = " ".join((numero_resolution or "").upper().split())
    _verifier_decision(subvention, numero_resolution, date_decision, motif)
    if montant is None or montant <= ZERO:
        raise ValidationError(_("Le montant accordé doit être supérieur à zéro."))
    repartitions = list(repartitions)
    avant = subvention.montant_accorde
    subvention.montant_accorde = montant
    subvention.full_clean()
    # The funded services' parts are not part of an amendment (see the report of this change).
    valider_montants(subvention, repartitions, ())
    voulue = {r["exercice"]: r["montant"] for r in repartitions}
    rang = (subvention.avenants.aggregate(m=Max("rang"))["m"] or 0) + 1
    raison = str(RAISON_AVENANT % {"rang": rang})
    derogations = enveloppes_verifier(
        subvention=subvention, par=par, derogation_raison=derogation_raison, repartition=voulue
    )
    avenant = Avenant(
        subvention=subvention,
        rang=rang,
        montant_avant=avant,
        montant_apres=montant,
        numero_resolution=numero_resolution,
        date_decision=date_decision,
        motif=motif.strip(),
        derogation_raison=derogation_raison.strip() if derogations else "",
        par=par,
    )
    avenant.full_clean()
    avenant._change_reason = raison
    avenant.save()
    RepartitionAvenant.objects.bulk_create(
        RepartitionAvenant(avenant=avenant, exercice=e, montant=m)
        for e, m in sorted(voulue.items())
    )
    _appliquer_repartition(subvention, dict(voulue), raison)
    subvention.version += 1
    subvention._change_reason = raison
    subvention.save()
    return avenant
