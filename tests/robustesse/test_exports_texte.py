"""Exports write the stored text as it is: no tag stripped, no entity added; formulas stay text."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import OrganismeFactory, SubventionFactory

TEXTES = ["Parents & enfants <b>gras</b>", '"&A1, fin', "  espaces  ", "a &amp; b", "=1+1"]


@pytest.fixture
def client_gestionnaire(client, gestionnaire):
    client.force_login(gestionnaire)
    return client


@pytest.mark.parametrize("texte", TEXTES)
def test_texte_stocke_exporte_tel_quel(client_gestionnaire, texte):
    OrganismeFactory(nom_legal=texte)
    SubventionFactory(titre=texte)
    reponse = client_gestionnaire.get("/organismes/?_export=xlsx")
    feuille = load_workbook(io.BytesIO(b"".join(reponse.streaming_content))).active
    noms = [ligne[0] for ligne in feuille.iter_rows(min_row=2, values_only=True)]
    assert texte in noms
    brut = b"".join(client_gestionnaire.get("/subventions/?_export=csv").streaming_content)
    lignes = list(csv.reader(io.StringIO(brut.decode("utf-8-sig"))))
    titres = {cellule for ligne in lignes[1:] for cellule in ligne}
    attendu = "'" + texte if texte.startswith("=") else texte
    assert attendu in titres
