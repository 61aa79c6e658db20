"""The 360Giving Data Standard (1.4): each grant as the standard's JSON object, a package of
them (JSON) and the standard's flat CSV.

Both are written for 360Giving's tools (the data quality checker, GrantNav), which read values
as they are: no BOM (it would become part of the first column's name) and no formula guard (a
quote before a title starting with "-" would change the data). Whoever wants a spreadsheet
takes the Montréal format. Amount Awarded is the whole grant as decided (a grant spanning two
exercices is in both years' files, under the same Identifier); Amount Disbursed is what was
paid so far (versements.selectors).
"""

import json
from decimal import Decimal

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

from noyau.exports import ecrivain_csv

from .montreal import montant
from .selectors import CHUNK, verse_des_subventions

VERSION = "1.4"
DEVISE = "CAD"
PAYS = "CA"


def _date(valeur):
    return valeur.isoformat() if valeur else None


def date_d_octroi(subvention):
    """The CE decision; a file approved before that date was recorded falls back on the
    agreement's signature, then on the day it was entered (the standard requires one)."""
    return subvention.date_decision or subvention.date_signature or subvention.cree_le.date()


def subvention(s, verse) -> dict:
    """One grant as the standard's object (amounts as Decimal; `package` writes numbers)."""
    grant = {
        "id": f"{settings.DONNEES_OUVERTES_PREFIXE_SUBVENTION}{s.numero}",
        "title": s.titre,
        # Required by the standard: the project title stands in for an empty description.
        "description": s.description or s.titre,
        "currency": DEVISE,
        "amountAwarded": montant(s.montant_accorde),
        "amountDisbursed": montant(verse.get(s.pk)),
        "awardDate": date_d_octroi(s).isoformat(),
        "recipientOrganization": [
            {
                "id": f"{settings.DONNEES_OUVERTES_PREFIXE_ORGANISME}{s.organisme.neq}",
                "name": s.organisme.nom_legal,
            }
        ],
        "fundingOrganization": [
            {
                "id": settings.DONNEES_OUVERTES_FINANCEUR_ID,
                "name": settings.DONNEES_OUVERTES_FINANCEUR_NOM,
                "department": settings.DONNEES_OUVERTES_DIRECTION,
            }
        ],
        "grantProgramme": [{"code": s.programme.code, "title": s.programme.nom}],
        "dateModified": timezone.localtime(s.modifie_le).isoformat(),
    }
    dates = {"startDate": _date(s.date_debut), "endDate": _date(s.date_fin)}
    dates = {k: v for k, v in dates.items() if v}
    if dates:
        grant["plannedDates"] = [dates]
    if s.organisme.arrondissement_id:
        grant["beneficiaryLocation"] = [
            {"name": s.organisme.arrondissement.nom, "countryCode": PAYS}
        ]
    return grant


def subventions_360(subventions):
    """The standard's objects, streamed; what was paid is read once for all (one query)."""
    verse = verse_des_subventions(subventions)
    for s in subventions.iterator(chunk_size=CHUNK):
        yield subvention(s, verse)


def _nombre(valeur):
    if isinstance(valeur, Decimal):
        # Two places at most and 12 digits: a float prints back exactly the same number.
        return int(valeur) if valeur == valeur.to_integral_value() else float(valeur)
    raise TypeError(type(valeur).__name__)


def _json(objet):
    return json.dumps(objet, ensure_ascii=False, default=_nombre)


def metadonnees(*, programme, exercice, url):
    maintenant = timezone.localtime()
    return {
        "version": VERSION,
        "title": f"{settings.DONNEES_OUVERTES_FINANCEUR_NOM} — {programme.nom} {exercice}",
        "description": (
            f"{settings.DONNEES_OUVERTES_DIRECTION}: subventions accordées du programme "
            f"« {programme.nom} » ayant une part dans l'exercice {exercice}."
        ),
        "identifier": f"{settings.DONNEES_OUVERTES_PREFIXE_SUBVENTION}{programme.code}-{exercice}",
        "issued": maintenant.date().isoformat(),
        "modified": maintenant.isoformat(),
        "publisher": {
            "identifier": settings.DONNEES_OUVERTES_FINANCEUR_ID,
            "name": settings.DONNEES_OUVERTES_FINANCEUR_NOM,
            "website": settings.DONNEES_OUVERTES_SITE,
        },
        "license": settings.DONNEES_OUVERTES_LICENCE,
        "downloadURL": url,
    }


def package(subventions, *, programme, exercice, url):
    """The package as text pieces: the metadata, then the grants one by one."""
    entete = _json(metadonnees(programme=programme, exercice=exercice, url=url))
    yield entete[:-1] + ', "grants": ['
    for i, grant in enumerate(subventions_360(subventions)):
        yield ("," if i else "") + "\n" + _json(grant)
    yield "\n]}\n"


def _premier(grant, cle, champ):
    elements = grant.get(cle) or [{}]
    return elements[0].get(champ)


# The standard's flat (CSV) column titles, each with where its value is in the JSON object.
COLONNES = (
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Amount Disbursed", lambda g: g["amountDisbursed"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: _premier(g, "plannedDates", "startDate")),
    ("Planned Dates:End Date", lambda g: _premier(g, "plannedDates", "endDate")),
    ("Recipient Org:Identifier", lambda g: _premier(g, "recipientOrganization", "id")),
    ("Recipient Org:Name", lambda g: _premier(g, "recipientOrganization", "name")),
    ("Beneficiary Location:Name", lambda g: _premier(g, "beneficiaryLocation", "name")),
    (
        "Beneficiary Location:Country Code",
        lambda g: _premier(g, "beneficiaryLocation", "countryCode"),
    ),
    ("Funding Org:Identifier", lambda g: _premier(g, "fundingOrganization", "id")),
    ("Funding Org:Name", lambda g: _premier(g, "fundingOrganization", "name")),
    ("Funding Org:Department", lambda g: _premier(g, "fundingOrganization", "department")),
    ("Grant Programme:Code", lambda g: _premier(g, "grantProgramme", "code")),
    ("Grant Programme:Title", lambda g: _premier(g, "grantProgramme", "title")),
    ("Last Modified", lambda g: g["dateModified"]),
)


def lignes_csv(subventions):
    writer = ecrivain_csv()
    yield writer.writerow([titre for titre, _valeur in COLONNES])
    for grant in subventions_360(subventions):
        yield writer.writerow(
            ["" if (v := valeur(grant)) is None else v for _t, valeur in COLONNES]
        )


def reponse_csv(subventions, nom_fichier):
    response = StreamingHttpResponse(
        lignes_csv(subventions), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return response


def reponse_json(subventions, nom_fichier, *, programme, exercice, url):
    response = StreamingHttpResponse(
        package(subventions, programme=programme, exercice=exercice, url=url),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return response
