"""Signer la convention: the whole step, in one service.

Signing moves the grant (the lifecycle step `cycle.ETAPES["signer"]`, with its rule and its
history), keeps the signed agreement and creates the schedule (this app), then what later apps
attach to a signed grant (reddition's reporting obligations), all in one transaction. Those
apps come after this one, so they register their part from their AppConfig.ready() with
`ajouter_a_la_signature`, as they register a closing condition with `cycle.ajouter_condition`.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from noyau.historique import auteur
from organismes.fichiers import verifier_fichier
from subventions.models import Subvention
from subventions.services import etape_commencer, etape_enregistrer

from ..models import ConventionSignee
from .echeancier import echeancier_creer

# What later apps create at signature: callables (*, subvention, par), run in order, last.
_A_LA_SIGNATURE: list = []


def ajouter_a_la_signature(creer) -> None:
    """Registers `creer(*, subvention, par)`, run inside the signing transaction once the grant
    is signed and its schedule created: its failure leaves nothing either."""
    if creer not in _A_LA_SIGNATURE:
        _A_LA_SIGNATURE.append(creer)


def _verifier_date(subvention, date_signature) -> None:
    if date_signature is None:
        raise ValidationError(_("Indiquez la date de signature de la convention."))
    if date_signature > timezone.localdate():
        raise ValidationError(_("La date de signature ne peut pas être dans le futur."))
    if subvention.date_decision and date_signature < subvention.date_decision:
        raise ValidationError(
            _("La convention ne peut pas être signée avant la décision (%(date)s).")
            % {"date": subvention.date_decision.isoformat()}
        )


def _enregistrer_convention(subvention, par, document, date_signature) -> ConventionSignee:
    convention = ConventionSignee(
        subvention=subvention, date_signature=date_signature, televerse_par=par
    )
    auteur(convention, par)
    convention.fichier.save(document.name, document, save=False)
    return convention


def convention_signer(*, subvention, par, date_signature, document, commentaire="") -> Subvention:
    """ "Signer la convention" as domain.md has it: whoever follows the approved file (the
    step's rule) records the signature date, which cannot precede the decision nor be in the
    future, and the signed agreement (a private document of the grant, PDF/DOCX/… checked like
    every upload); the schedule and the reporting obligations follow. One transaction: a failure
    anywhere leaves the grant approved, with no instalment, no obligation and no stored file."""
    if document is None:
        raise ValidationError(_("Joignez la convention signée."))
    try:
        verifier_fichier(document)
    except ValidationError as erreur:
        raise ValidationError({"document": erreur.error_list}) from erreur
    convention = None
    try:
        with transaction.atomic():
            subvention, etape = etape_commencer(subvention, par, "signer", commentaire)
            _verifier_date(subvention, date_signature)
            subvention.date_signature = date_signature
            subvention = etape_enregistrer(subvention, etape, par, commentaire)
            convention = _enregistrer_convention(subvention, par, document, date_signature)
            convention.save()
            echeancier_creer(subvention=subvention, par=par)
            for creer in _A_LA_SIGNATURE:
                creer(subvention=subvention, par=par)
    except Exception:
        # The rows rolled back: the stored file must not outlive them.
        if convention is not None and convention.fichier.name:
            convention.fichier.delete(save=False)
        raise
    return subvention
