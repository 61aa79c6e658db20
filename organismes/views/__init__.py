from .autocompletion import OrganismeAutocompletionView
from .contacts import ContactAjouterView, ContactModifierView, ContactSupprimerView
from .documents import DocumentTelechargerView, DocumentTeleverserView
from .inscription import OrganismeVerifierView
from .organisme import (
    OrganismeCreerView,
    OrganismeDetailView,
    OrganismeHistoriqueView,
    OrganismeModifierView,
)

__all__ = [
    "OrganismeAutocompletionView",
    "ContactAjouterView",
    "ContactModifierView",
    "ContactSupprimerView",
    "DocumentTelechargerView",
    "DocumentTeleverserView",
    "OrganismeCreerView",
    "OrganismeDetailView",
    "OrganismeHistoriqueView",
    "OrganismeModifierView",
    "OrganismeVerifierView",
]
