"""Optimistic locking for rows that carry money: a form opened before someone else's save is
refused rather than overwriting their work. Services call `verifier_version`; forms carry the
version with `noyau.forms.VersionFormMixin`."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ConflitDeVersion(ValidationError):
    pass


def verifier_version(objet, version_formulaire) -> None:
    """Raises when someone else saved `objet` since the form was opened."""
    if version_formulaire is not None and int(version_formulaire) != objet.version:
        raise ConflitDeVersion(
            _(
                "Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez. "
                "Rien n'a été enregistré : rechargez la page pour voir sa version, puis refaites "
                "vos changements."
            ),
            code="conflit_version",
        )
