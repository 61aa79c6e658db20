"""The 360Giving export: the JSON package validates against the standard's schemas (copied in
tests/data/360giving, resolved locally: no network), and the CSV uses the standard's titles."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from echanges.donnees_ouvertes import norme360
from tests.echanges.donnees_ouvertes import contenu

SCHEMAS = Path(__file__).parent.parent / "data" / "360giving"


def _charger(nom):
    return json.loads((SCHEMAS / nom).read_text(encoding="utf-8"))


SCHEMA_SUBVENTION = _charger("360-giving-schema.json")
SCHEMA_PAQUET = _charger("360-giving-package-schema.json")


def _ressource_locale(uri):
    """Every URL naming the grant schema (the package refers to another patch version of it)
    is the local copy; anything else is refused (no network in the tests)."""
    if uri.endswith("/360-giving-schema.json"):
        # Its "$schema" is spelled without "#" or "draft/2020-12": give the draft explicitly.
        return DRAFT202012.create_resource(SCHEMA_SUBVENTION)
    raise LookupError(uri)


def validateur():
    registre = Registry(retrieve=_ressource_locale)
    return Draft202012Validator(
        SCHEMA_PAQUET, registry=registre, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def url(fichier, exercice=2026):
    return reverse(
        "echanges:donnees_ouvertes_fichier",
        kwargs={"programme": "montreal-inclusive", "exercice": exercice, "fichier": fichier},
    )


@pytest.fixture
def paquet(client, gestionnaire, donnees):
    client.force_login(gestionnaire)
    reponse = client.get(url("360giving.json"))
    assert reponse.status_code == 200
    assert reponse["Content-Type"] == "application/json; charset=utf-8"
    assert (
        reponse["Content-Disposition"]
        == 'attachment; filename="donnees-ouvertes-montreal-inclusive-2026-360giving.json"'
    )
    return json.loads(contenu(reponse).decode("utf-8"))


def test_le_paquet_est_valide_selon_le_schema(paquet):
    erreurs = sorted(validateur().iter_errors(paquet), key=lambda e: list(e.path))
    assert not erreurs, [f"{list(e.path)}: {e.message}" for e in erreurs]


def test_le_validateur_refuse_un_paquet_invalide(paquet):
    """The check can fail: a date in the wrong form, a missing funder, a bad currency."""
    v = validateur()
    grant = dict(paquet["grants"][0])
    for casse in (
        {"awardDate": "04/03/2026"},
        {"currency": "$CA"},
        {"amountAwarded": "40000"},
        {"fundingOrganization": []},
    ):
        assert not v.is_valid({**paquet, "grants": [{**grant, **casse}]}), casse
    sans_titre = {k: val for k, val in grant.items() if k != "title"}
    assert not v.is_valid({**paquet, "grants": [sans_titre]})


def test_le_paquet_a_les_metadonnees(paquet, settings):
    assert paquet["version"] == "1.4"
    assert paquet["publisher"]["name"] == settings.DONNEES_OUVERTES_FINANCEUR_NOM
    assert paquet["license"] == settings.DONNEES_OUVERTES_LICENCE
    assert paquet["downloadURL"] == "http://testserver" + url("360giving.json")


def test_les_subventions_et_leurs_valeurs(paquet, donnees, settings):
    grants = {g["id"]: g for g in paquet["grants"]}
    prefixe = settings.DONNEES_OUVERTES_PREFIXE_SUBVENTION
    assert set(grants) == {f"{prefixe}{s.numero}" for s in donnees["publiees"]}
    a = grants[f"{prefixe}{donnees['a'].numero}"]
    organisme = donnees["a"].organisme
    assert a["title"] == "Accueil des réfugiés & « nouveaux arrivants » <b>été</b>"
    assert a["description"] == "Première ligne\nDeuxième ligne, « guillemets »"
    assert a["currency"] == "CAD"
    assert a["amountAwarded"] == 40000  # the whole grant, 2026 and 2027
    assert a["amountDisbursed"] == 0
    assert a["awardDate"] == "2026-03-04"
    assert a["plannedDates"] == [{"startDate": "2026-01-01", "endDate": "2026-12-31"}]
    assert a["recipientOrganization"] == [
        {
            "id": f"{settings.DONNEES_OUVERTES_PREFIXE_ORGANISME}{organisme.neq}",
            "name": "Carrefour d'accueil Côte-des-Neiges–Notre-Dame-de-Grâce",
        }
    ]
    assert a["beneficiaryLocation"] == [{"name": organisme.arrondissement.nom, "countryCode": "CA"}]
    assert a["fundingOrganization"][0]["id"] == settings.DONNEES_OUVERTES_FINANCEUR_ID
    assert a["grantProgramme"] == [{"code": "montreal-inclusive", "title": "Montréal inclusive"}]
    b = grants[f"{prefixe}{donnees['b'].numero}"]
    assert b["amountDisbursed"] == 12000  # the paid instalment, not the planned one
    assert b["description"] == b["title"]  # required: the title stands in for an empty one


def test_les_montants_sont_des_nombres_exacts(client, gestionnaire, donnees):
    client.force_login(gestionnaire)
    texte = contenu(client.get(url("360giving.json", exercice=2027))).decode("utf-8")
    assert '"amountAwarded": 40000,' in texte  # a JSON number, not a string
    assert {g["amountAwarded"] for g in json.loads(texte)["grants"]} == {40000, 8000}
    # Cents: 12 digits at most, a float writes back exactly the same decimal.
    assert norme360._json({"m": Decimal("1234567890.12")}) == '{"m": 1234567890.12}'
    assert norme360._json({"m": Decimal("0.10")}) == '{"m": 0.1}'


def test_sans_subvention_annulee(paquet, donnees):
    ids = " ".join(g["id"] for g in paquet["grants"])
    for s in donnees["absentes"]:
        assert s.numero not in ids


def titres_de_la_norme():
    """The standard's flat column title of a field: the property's title, and for an array of
    objects "Array title:Field title" (how 360Giving's spreadsheet templates name them)."""
    proprietes = SCHEMA_SUBVENTION["properties"]
    defs = SCHEMA_SUBVENTION["$defs"]
    titres = set()
    for prop in proprietes.values():
        cible = prop.get("items", {}).get("$ref")
        if cible and "title" in prop:
            objet = defs[cible.rsplit("/", 1)[1]]
            titres |= {
                f"{prop['title']}:{p['title']}"
                for p in objet.get("properties", {}).values()
                if "title" in p
            }
        elif not cible:
            titres.add(prop.get("title") or defs[prop["$ref"].rsplit("/", 1)[1]]["title"])
    return titres


def test_csv_360giving_entetes_de_la_norme(client, gestionnaire, donnees):
    client.force_login(gestionnaire)
    reponse = client.get(url("360giving.csv"))
    brut = contenu(reponse)
    assert not brut.startswith("\ufeff".encode())  # for 360Giving's tools, not a spreadsheet
    rangees = list(csv.reader(io.StringIO(brut.decode("utf-8"))))
    entete = rangees[0]
    assert set(entete) <= titres_de_la_norme(), set(entete) - titres_de_la_norme()
    assert entete[:7] == [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Amount Disbursed",
        "Award Date",
    ]
    for titre in (
        "Recipient Org:Identifier",
        "Recipient Org:Name",
        "Funding Org:Identifier",
        "Funding Org:Name",
        "Planned Dates:Start Date",
        "Planned Dates:End Date",
        "Beneficiary Location:Name",
        "Grant Programme:Title",
    ):
        assert titre in entete
    lignes = [dict(zip(entete, r, strict=True)) for r in rangees[1:]]
    assert len(lignes) == len(donnees["publiees"])
    formule = next(li for li in lignes if li["Identifier"].endswith(donnees["formule"].numero))
    assert formule["Title"] == '=HYPERLINK("http://x")'  # written as stored
    b = next(li for li in lignes if li["Identifier"].endswith(donnees["b"].numero))
    assert (b["Amount Awarded"], b["Amount Disbursed"], b["Currency"]) == (
        "15000.00",
        "12000.00",
        "CAD",
    )
