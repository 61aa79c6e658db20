"""The directory as data (JSON and CSV): one record per service, under stable field names.

The names below are a published interface (the Nouveau Départ guide and the Station's screens
read them): add fields, never rename or remove one. The page lists them with `CHAMPS`.
Only public facts: the organisation's general contact details, never a contact person, an
amount or a comment.
"""

import csv
import io
import json

from django.utils.translation import gettext_lazy as _

from noyau.exports import cellule_csv

# (field, description): the JSON fields, in order; the CSV has the same columns, the lists
# written as "code1; code2" and "nom1; nom2".
CHAMPS = [
    ("id", _("identifiant du service (entier, stable)")),
    ("service", _("nom du service")),
    ("description", _("description du service")),
    ("lieu", _("lieu où le service est offert")),
    ("rubrique_code", _("code de la rubrique Nouveau Départ")),
    ("rubrique", _("nom de la rubrique Nouveau Départ")),
    ("statuts_codes", _("codes des statuts d'immigration visés (liste)")),
    ("statuts", _("noms des statuts d'immigration visés (liste)")),
    ("territoires_codes", _("codes des arrondissements ou municipalités desservis (liste)")),
    ("territoires", _("noms des arrondissements ou municipalités desservis (liste)")),
    ("organisme", _("nom de l'organisme (nom d'usage, sinon nom légal)")),
    ("adresse", _("adresse de l'organisme")),
    ("code_postal", _("code postal de l'organisme")),
    ("telephone", _("téléphone général de l'organisme")),
    ("courriel", _("courriel général de l'organisme")),
    ("site_web", _("site web de l'organisme")),
]
NOMS = [nom for nom, _description in CHAMPS]
LISTES = ("statuts_codes", "statuts", "territoires_codes", "territoires")
SEPARATEUR = "; "


def fiche(service) -> dict:
    """One service as the guide reads it (the organisation, rubrique and many-to-manys must be
    loaded by the selector: no query here)."""
    organisme = service.organisme
    statuts = list(service.statuts_vises.all())
    territoires = list(service.territoires.all())
    return {
        "id": service.pk,
        "service": service.nom,
        "description": service.description,
        "lieu": service.lieu,
        "rubrique_code": service.rubrique.code,
        "rubrique": service.rubrique.nom,
        "statuts_codes": [s.code for s in statuts],
        "statuts": [s.nom for s in statuts],
        "territoires_codes": [t.code for t in territoires],
        "territoires": [t.nom for t in territoires],
        "organisme": str(organisme),
        "adresse": organisme.adresse,
        "code_postal": organisme.code_postal,
        "telephone": organisme.telephone,
        "courriel": organisme.courriel,
        "site_web": organisme.site_web,
    }


def en_json(services, *, genere_le) -> bytes:
    contenu = {
        "genere_le": genere_le.isoformat(),
        "nombre": len(services),
        "champs": NOMS,
        "services": [fiche(s) for s in services],
    }
    return json.dumps(contenu, ensure_ascii=False, separators=(",", ":")).encode()


def en_csv(services) -> bytes:
    """UTF-8 with a BOM (spreadsheet programs then read the accents right); a text starting
    like a formula is quoted so that opening the file never runs it."""
    sortie = io.StringIO()
    sortie.write("\ufeff")
    writer = csv.writer(sortie)
    writer.writerow(NOMS)
    for service in services:
        ligne = fiche(service)
        for nom in LISTES:
            ligne[nom] = SEPARATEUR.join(ligne[nom])
        writer.writerow([cellule_csv(ligne[nom]) for nom in NOMS])
    return sortie.getvalue().encode()
