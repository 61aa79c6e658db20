"""An officer opens and edits a grant file: its number, its fields, its répartition and funded
services."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from noyau.historique import auteur
from noyau.permissions import peut, verdict
from noyau.versions import verifier_version

from ..cibles import services_finances_remplacer
from ..cycle import S
from ..models import Repartition, SequenceNumero, Subvention, Transition
from .montants import valider_montants, verifier_repartition_complete

# What an officer fills in on the grant form; the number, status, decision, version and history
# are written by the steps alone.
CHAMPS_SUBVENTION = (
    "organisme",
    "programme",
    "titre",
    "description",
    "agent",
    "montant_demande",
    "montant_accorde",
    "date_debut",
    "date_fin",
    "numero_gdd",
)


def _champs_permis(champs: dict) -> dict:
    inconnus = set(champs) - set(CHAMPS_SUBVENTION)
    if inconnus:
        raise ValueError(f"Champs non modifiables par le formulaire: {sorted(inconnus)}")
    return champs


def subvention_numero_suivant(*, annee: int) -> str:
    """`BINAM-<année>-<séquence>`: the sequence row is locked, so a number is never given twice
    and never reused, even when a grant is cancelled."""
    sequence, _cree = SequenceNumero.objects.select_for_update().get_or_create(annee=annee)
    sequence.dernier += 1
    sequence.save(update_fields=["dernier"])
    return f"BINAM-{annee}-{sequence.dernier:03d}"


def _remplacer_lignes(subvention, repartitions, services_finances):
    """Brings the répartition and funded-service rows to the given state; history keeps the
    earlier rows."""
    voulues = {r["exercice"]: r["montant"] for r in repartitions}
    for ligne in subvention.repartitions.all():
        if ligne.exercice not in voulues:
            ligne.delete()
        elif ligne.montant != voulues[ligne.exercice]:
            ligne.montant = voulues.pop(ligne.exercice)
            ligne.save()
        else:
            voulues.pop(ligne.exercice)
    for exercice, montant in voulues.items():
        Repartition(subvention=subvention, exercice=exercice, montant=montant).save()

    services_finances_remplacer(subvention=subvention, lignes=services_finances)


@transaction.atomic
def subvention_creer(*, par, champs: dict, repartitions=(), services_finances=()) -> Subvention:
    """An agent opens a grant file (statut en analyse) with a new, never reused number."""
    if not peut(par, "subventions.creer_subvention"):
        raise PermissionDenied(_("Seul un agent de programme peut créer une subvention."))
    subvention = Subvention(**_champs_permis(champs))
    subvention.agent = subvention.agent or par
    subvention.statut = S.EN_ANALYSE
    subvention.numero = "BINAM-0000-000"  # placeholder so full_clean can run before numbering
    subvention.full_clean(exclude=["numero"])
    valider_montants(subvention, list(repartitions), list(services_finances))
    annee = timezone.localdate().year
    subvention.numero = subvention_numero_suivant(annee=annee)
    subvention._change_reason = _("Création")
    subvention.save()
    _remplacer_lignes(subvention, list(repartitions), list(services_finances))
    Transition.objects.create(
        subvention=subvention, de="", vers=S.EN_ANALYSE, par=par, commentaire=_("Dossier créé.")
    )
    return subvention


@transaction.atomic
def subvention_creer_recommandee(
    *, par, champs: dict, repartitions, services_finances=(), commentaire
) -> Subvention:
    """A grant born "recommandée": a selection committee recommended the project and its
    amount (a call for projects turns its retained applications into grants through this
    service, with plain values; this app never names the call). The file is complete as a
    recommended one must be (amount above zero split over the exercices to the cent, project
    dates): it is opened and recommended at once, each step its own Transition by `par`, who
    therefore never approves it (separation of duties, `subventions.approuver`)."""
    verdict(par, "subventions.creer_recommandee").exiger()
    subvention = Subvention(**_champs_permis(champs))
    subvention.statut = S.RECOMMANDEE
    subvention.numero = "BINAM-0000-000"  # placeholder so full_clean can run before numbering
    subvention.full_clean(exclude=["numero"])
    valider_montants(subvention, list(repartitions), list(services_finances))
    subvention.numero = subvention_numero_suivant(annee=timezone.localdate().year)
    auteur(subvention, par, _("Création"))
    subvention.save()
    _remplacer_lignes(subvention, list(repartitions), list(services_finances))
    verifier_repartition_complete(subvention)
    Transition.objects.create(
        subvention=subvention, de="", vers=S.EN_ANALYSE, par=par, commentaire=_("Dossier créé.")
    )
    Transition.objects.create(
        subvention=subvention, de=S.EN_ANALYSE, vers=S.RECOMMANDEE, par=par, commentaire=commentaire
    )
    return subvention


@transaction.atomic
def subvention_modifier(
    *, subvention, par, version, champs: dict, repartitions=(), services_finances=()
) -> Subvention:
    """The responsible agent edits a grant still under analysis; a form opened before someone
    else's save is refused rather than overwriting their work."""
    subvention = Subvention.objects.select_for_update().get(pk=subvention.pk)
    if not subvention.est_modifiable:
        raise ValidationError(
            _("Une subvention « %(statut)s » ne peut plus être modifiée.")
            % {"statut": subvention.get_statut_display()}
        )
    if not peut(par, "subventions.modifier_subvention", subvention):
        raise PermissionDenied(_("Seul l'agent responsable peut modifier cette subvention."))
    verifier_version(subvention, version)
    for champ, valeur in _champs_permis(champs).items():
        setattr(subvention, champ, valeur)
    subvention.full_clean()
    valider_montants(subvention, list(repartitions), list(services_finances))
    subvention.version += 1
    subvention._change_reason = _("Modification")
    subvention.save()
    _remplacer_lignes(subvention, list(repartitions), list(services_finances))
    return subvention
