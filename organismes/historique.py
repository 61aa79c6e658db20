"""The organisation's history page: its record, its contacts and its documents, newest first."""

from django.utils.translation import gettext as _

from noyau.historique import entrees, fusionner

from .models import Contact, Document


def historique_organisme(*, organisme):
    """Who changed what and when on the organisation, its contacts (deleted ones included) and
    its documents, merged newest first."""
    fiche = entrees(organisme.history.all(), lambda r: _("fiche de l'organisme"))
    contacts = entrees(
        Contact.history.filter(organisme_id=organisme.pk),
        lambda r: _("contact « %(nom)s »") % {"nom": r.nom},
    )
    documents = entrees(
        Document.history.filter(organisme_id=organisme.pk),
        lambda r: _("document « %(titre)s »") % {"titre": r.titre},
    )
    return fusionner(fiche, contacts, documents)
