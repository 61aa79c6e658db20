"""Who may confirm an import's preview (registered with django-rules by echanges.apps).

The preview page's button, the confirmation page and `services.importation_confirmer` all ask
`echanges.confirmer_importation`, so the button shows exactly when the POST would pass.
"""

import rules
from django.utils.translation import gettext_lazy as _

from ..models import Importation

# Why a preview cannot be confirmed (already imported, not valid, someone else's, file gone):
# the words the page and the service give for any "no" of the rule below.
REFUS_CONFIRMATION = _("Cet aperçu a déjà été importé ou ne peut pas l'être.")


@rules.predicate
def peut_importer(user) -> bool:
    """The import rule itself (echanges.importer), composed here rather than restated."""
    return rules.has_perm("echanges.importer", user)


@rules.predicate
def apercu_confirmable(user, importation) -> bool:
    """The author's own web preview, valid, its file still kept, and never confirmed yet (a
    confirmation that found the data changed counts: the officer uploads the file again)."""
    return (
        importation is not None
        and importation.par_id == user.pk
        and importation.essai
        and importation.source == Importation.Source.WEB
        and importation.resultat == Importation.Resultat.VALIDE
        and bool(importation.fichier)
        and not importation.confirmations.exists()
    )


rules.add_perm("echanges.confirmer_importation", peut_importer & apercu_confirmable)
