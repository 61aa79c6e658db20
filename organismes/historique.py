"""The organisation's history page: its record, its contacts and its documents, newest first."""

import re

from django.db import models
from django.utils.translation import gettext as _

from noyau.historique import entrees, fusionner
from referentiel.models import Territoire

from .models import Contact, Document, Organisme

# noyau.historique shows an m2m value as its through rows ("{'organisme': 1, 'territoire': 3}")
# and a boolean as True/False; until it renders those itself, make them readable here.
_TERRITOIRE_RE = re.compile(r"'territoire': (\d+)")


def _libelle(modele, nom):
    return str(modele._meta.get_field(nom).verbose_name).capitalize()


def _booleens_lisibles(liste, modele):
    libelles = {
        _libelle(modele, f.name) for f in modele._meta.fields if isinstance(f, models.BooleanField)
    }
    valeurs = {"True": _("Oui"), "False": _("Non")}
    for c in (c for e in liste for c in e.changements if c.champ in libelles):
        c.ancien, c.nouveau = valeurs.get(c.ancien, c.ancien), valeurs.get(c.nouveau, c.nouveau)
    return liste


def _territoires_lisibles(liste):
    libelle = _libelle(Organisme, "territoires_desservis")
    a_traduire = [c for e in liste for c in e.changements if c.champ == libelle]
    ids = {int(i) for c in a_traduire for i in _TERRITOIRE_RE.findall(c.ancien + c.nouveau)}
    if not ids:
        return liste
    noms = dict(Territoire.objects.filter(pk__in=ids).values_list("pk", "nom"))

    def lisible(valeur):
        trouves = _TERRITOIRE_RE.findall(valeur)
        if not trouves:
            return valeur
        return ", ".join(noms.get(int(i), f"#{i}") for i in trouves)

    for c in a_traduire:
        c.ancien, c.nouveau = lisible(c.ancien), lisible(c.nouveau)
    return liste


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
    return fusionner(
        _booleens_lisibles(_territoires_lisibles(fiche), Organisme),
        _booleens_lisibles(contacts, Contact),
        documents,
    )
