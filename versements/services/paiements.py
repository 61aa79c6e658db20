"""The payment steps of one instalment (prévu → autorisé → payé, or retenu / annulé) and the
payment batches. Every step takes the grant row first, then the instalment's, with
select_for_update() (echeancier.verrouiller_subvention): two requests on one grant are serialised,
so an instalment is paid once and Σ paid never exceeds the granted amount."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from noyau.formats import format_money
from noyau.historique import auteur
from noyau.permissions import peut, verdict

from ..models import LotPaiement, Versement
from ..permissions import LIBELLES
from .echeancier import enregistrer_versement, verrouiller_subvention
from .exercices import verifier_paiement

V = Versement.Statut

RAISON_LOT = gettext_lazy("Ajouté à un lot de paiement")
RAISON_ENVOYE = gettext_lazy("Lot envoyé au système financier")
RAISONS = [RAISON_LOT, RAISON_ENVOYE, *LIBELLES.values()]


def _verrouiller_versement(versement):
    """The grant row first (the lock every write on its instalments takes), then the row."""
    subvention = verrouiller_subvention(versement.subvention)
    versement = (
        Versement.objects.select_for_update(of=("self",))
        # PostgreSQL refuses FOR UPDATE on the nullable side of the outer join to the batch.
        .select_related("lot")
        .get(pk=versement.pk, subvention=subvention)
    )
    versement.subvention = subvention
    return versement


def _exiger(par, action, versement, statut_vu=None):
    # A decision taken on the status the page showed: if someone moved the instalment since
    # (authorised it while another manager cancels it), the later one is refused, not applied
    # to a state its author never saw.
    if statut_vu and versement.statut != statut_vu:
        raise ValidationError(
            _(
                "Ce versement est passé au statut « %(statut)s » depuis l'affichage de la page : "
                "rien n'a été fait. Vérifiez l'échéancier avant de recommencer."
            )
            % {"statut": versement.get_statut_display()}
        )
    # The step's rule (versements/permissions.py): a state is a ValidationError, a role a
    # PermissionDenied, each with the reason the rule gives.
    verdict(par, f"versements.{action}", versement).exiger()


@transaction.atomic
def versement_autoriser(*, versement, par, statut_vu=None) -> Versement:
    """A manager authorises a planned instalment whose condition is met (signature, or the
    report it waits on accepted): it joins the next payment batch."""
    versement = _verrouiller_versement(versement)
    _exiger(par, "autoriser", versement, statut_vu)
    versement.statut = V.AUTORISE
    versement.autorise_par = par
    versement.autorise_le = timezone.now()
    return enregistrer_versement(versement, par, LIBELLES["autoriser"])


@transaction.atomic
def versement_payer(*, versement, par, date_paiement, reference, statut_vu=None) -> Versement:
    """The responsible agent records that an authorised instalment left: the date (not in the
    future, not before the signature) and the finance system's reference (unique). Under the
    grant's lock: paid once, Σ paid never above the granted amount, and paid of the
    instalment's exercice never above that exercice's part (the payment date may fall in a
    later year: the money still counts in the instalment's exercice)."""
    versement = _verrouiller_versement(versement)
    _exiger(par, "payer", versement, statut_vu)
    subvention = versement.subvention
    reference = (reference or "").strip()
    if date_paiement is None or not reference:
        raise ValidationError(_("Indiquez la date du paiement et sa référence."))
    if date_paiement > timezone.localdate():
        raise ValidationError(_("La date du paiement ne peut pas être dans le futur."))
    if subvention.date_signature and date_paiement < subvention.date_signature:
        raise ValidationError(
            _("Le paiement ne peut pas précéder la signature de la convention (%(date)s).")
            % {"date": subvention.date_signature.isoformat()}
        )
    reference_prise = ValidationError(
        _("La référence %(reference)s est déjà inscrite pour un autre versement.")
        % {"reference": reference}
    )
    if Versement.objects.filter(reference_paiement=reference).exclude(pk=versement.pk).exists():
        raise reference_prise
    deja = subvention.versements.payes().total()
    if deja + versement.montant > subvention.montant_accorde:
        raise ValidationError(
            _(
                "Ce paiement porterait le total versé à %(total)s, au-delà du montant accordé "
                "(%(accorde)s)."
            )
            % {
                "total": format_money(deja + versement.montant),
                "accorde": format_money(subvention.montant_accorde),
            }
        )
    # Paid of the instalment's exercice stays within its part (versé ≤ engagé of that year).
    verifier_paiement(versement=versement)
    versement.statut = V.PAYE
    versement.date_paiement = date_paiement
    versement.reference_paiement = reference
    versement.paye_par = par
    versement.paye_le = timezone.now()
    try:
        # Another grant's payment (another lock) may take the same reference meanwhile: the
        # unique constraint says so, in a savepoint so that the answer is a message, not a 500.
        with transaction.atomic():
            return enregistrer_versement(versement, par, LIBELLES["payer"])
    except IntegrityError:
        raise reference_prise from None


def _motif_requis(motif):
    motif = (motif or "").strip()
    if not motif:
        raise ValidationError(_("Indiquez le motif : il est conservé au dossier."))
    return motif


@transaction.atomic
def versement_retenir(*, versement, par, motif, statut_vu=None) -> Versement:
    """A manager withholds a planned or authorised instalment, with the reason (staff only). It
    leaves a batch not yet sent."""
    versement = _verrouiller_versement(versement)
    _exiger(par, "retenir", versement, statut_vu)
    versement.motif = _motif_requis(motif)
    versement.statut = V.RETENU
    versement.lot = None
    return enregistrer_versement(versement, par, LIBELLES["retenir"])


@transaction.atomic
def versement_lever_retenue(*, versement, par, motif="", statut_vu=None) -> Versement:
    """A manager lifts a retention: the instalment is planned again (authorise it anew)."""
    versement = _verrouiller_versement(versement)
    _exiger(par, "lever_retenue", versement, statut_vu)
    versement.statut = V.PREVU
    versement.motif = ""
    return enregistrer_versement(versement, par, LIBELLES["lever_retenue"])


@transaction.atomic
def versement_annuler(*, versement, par, motif, statut_vu=None) -> Versement:
    """A manager cancels an unpaid instalment, with the reason (staff only). It stays visible,
    never deleted; it leaves a batch not yet sent."""
    versement = _verrouiller_versement(versement)
    _exiger(par, "annuler", versement, statut_vu)
    versement.motif = _motif_requis(motif)
    versement.statut = V.ANNULE
    versement.lot = None
    return enregistrer_versement(versement, par, LIBELLES["annuler"])


SERVICES = {
    "autoriser": versement_autoriser,
    "payer": versement_payer,
    "retenir": versement_retenir,
    "lever_retenue": versement_lever_retenue,
    "annuler": versement_annuler,
}


# --- Payment batches --------------------------------------------------------------------------


@transaction.atomic
def lot_creer(*, par) -> LotPaiement:
    """A manager gathers every authorised instalment not yet in a batch into a new one. The rows
    are locked, so two managers at the same moment never put one instalment in two batches."""
    if not peut(par, "versements.creer_lot"):
        raise PermissionDenied(_("Seul un gestionnaire crée un lot de paiement."))
    pks = list(
        Versement.objects.select_for_update()
        .filter(statut=V.AUTORISE, lot__isnull=True)
        .values_list("pk", flat=True)
    )
    if not pks:
        raise ValidationError(_("Aucun versement autorisé n'attend un lot de paiement."))
    lot = LotPaiement(cree_par=par)
    auteur(lot, par)
    lot.save()
    for versement in Versement.objects.filter(pk__in=pks):
        versement.lot = lot
        enregistrer_versement(versement, par, RAISON_LOT)
    return lot


@transaction.atomic
def lot_marquer_envoye(*, lot, par) -> LotPaiement:
    """The batch's file was downloaded for the finance system: from then on its instalments are
    on their way (no retention or cancellation, only the payment to record)."""
    if not peut(par, "versements.creer_lot"):
        raise PermissionDenied(_("Seul un gestionnaire télécharge un lot de paiement."))
    lot = LotPaiement.objects.select_for_update().get(pk=lot.pk)
    if not lot.envoye:
        lot.envoye = True
        lot.envoye_le = timezone.now()
        auteur(lot, par, RAISON_ENVOYE)
        lot.save()
    return lot
