"""Hostile values in the grant, organisation, service and document forms: a French form error or
a saved value within bounds, never an HTTP 500, and nothing written when the form is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.models import ServiceIntegration
from noyau.validators import FIN_PLAUSIBLE, PARTICIPANTS_MAX
from organismes.models import Document, Organisme
from referentiel.models import StatutImmigration, Territoire
from subventions.models import Repartition, ServiceFinance, Subvention
from tests.factories import PDF_MINIMAL, SubventionFactory

from .donnees import donnees_organisme, donnees_subvention

FUZZ = settings(  # max_examples: the profile's (tests/conftest.py)
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TEXTE = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
HOSTILES = st.one_of(
    st.sampled_from(
        [
            "", " ", "0", "-1", "2147483648", "9223372036854775808", "99999999999999999999",
            "1e20", "NaN", "Infinity", "0001-01-01", "9999-12-31", "2999-01-01", "1899-12-31",
            "<b>gras</b>", "=1+1", "é" * 300, "a\x00b", "0,001", "1 000 000 000 000,00",
        ]
    ),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.dates().map(datetime.date.isoformat),
    TEXTE,
)  # fmt: skip
MODELES = [
    Subvention, Subvention.history.model, Repartition, ServiceFinance,
    ServiceFinance.history.model, Organisme, Organisme.history.model, ServiceIntegration,
    ServiceIntegration.history.model, Document,
]  # fmt: skip


def etat():
    return [m.objects.count() for m in MODELES] + [
        list(Subvention.objects.values_list("version", flat=True).order_by("pk")),
        list(Organisme.objects.values_list("version", flat=True).order_by("pk")),
    ]


def poster(client, url, donnees):
    avant = etat()
    reponse = client.post(url, donnees)
    assert reponse.status_code in (200, 302)
    if reponse.status_code == 200:
        assert etat() == avant, "a refused form wrote something"
        assert "Le formulaire contient des erreurs" in reponse.content.decode()
    return reponse


CHAMPS_SUBVENTION = [
    "organisme", "programme", "titre", "agent", "montant_demande", "montant_accorde",
    "date_debut", "date_fin", "numero_gdd", "repartition-TOTAL_FORMS", "repartition-0-exercice",
    "repartition-0-montant", "services-TOTAL_FORMS", "services-0-service",
    "services-0-participants_cibles", "services-0-montant", "version",
]  # fmt: skip


def verifier_subventions_en_bornes():
    for s in Subvention.objects.all():
        assert Decimal("0") <= s.montant_accorde <= s.montant_demande
        for date in (s.date_debut, s.date_fin):
            assert date is None or datetime.date(2000, 1, 1) <= date <= FIN_PLAUSIBLE
    assert all(p <= PARTICIPANTS_MAX for p in ServiceFinance.objects.values_list(
        "participants_cibles", flat=True))  # fmt: skip


def test_formulaire_de_subvention_de_base_accepte(contexte):
    reponse = poster(contexte["client"], "/subventions/nouvelle/", donnees_subvention(contexte))
    assert reponse.status_code == 302


@FUZZ
@given(champ=st.sampled_from(CHAMPS_SUBVENTION), valeur=HOSTILES)
def test_creation_de_subvention_fuzz(contexte, champ, valeur):
    poster(contexte["client"], "/subventions/nouvelle/",
           {**donnees_subvention(contexte), champ: valeur})  # fmt: skip
    verifier_subventions_en_bornes()


@FUZZ
@given(champ=st.sampled_from(CHAMPS_SUBVENTION), valeur=HOSTILES)
def test_modification_de_subvention_fuzz(contexte, champ, valeur):
    s = SubventionFactory(organisme=contexte["organisme"], programme=contexte["programme"],
                          agent=contexte["agent"])  # fmt: skip
    donnees = {**donnees_subvention(contexte), "version": s.version, champ: valeur}
    poster(contexte["client"], f"/subventions/{s.pk}/modifier/", donnees)
    verifier_subventions_en_bornes()


CHAMPS_ORGANISME = [
    "nom_legal", "neq", "numero_bienfaisance", "forme_juridique", "date_constitution",
    "code_postal", "arrondissement", "territoires_desservis", "courriel", "telephone",
    "site_web", "actif", "version",
]  # fmt: skip


@FUZZ
@given(
    champ=st.sampled_from(CHAMPS_ORGANISME),
    valeur=HOSTILES,
    plusieurs=st.booleans(),
)
def test_formulaire_d_organisme_fuzz(contexte, champ, valeur, plusieurs):
    neq = f"{1150000000 + Organisme.objects.count()}"
    donnees = {**donnees_organisme(neq), champ: [valeur, valeur] if plusieurs else valeur}
    poster(contexte["client"], "/organismes/nouveau/", donnees)
    organisme = contexte["organisme"]
    donnees = {**donnees_organisme(organisme.neq), "version": organisme.version, champ: valeur}
    poster(contexte["client"], f"/organismes/{organisme.pk}/modifier/", donnees)
    for date in Organisme.objects.exclude(date_constitution=None).values_list(
        "date_constitution", flat=True
    ):
        assert datetime.date(1800, 1, 1) <= date <= datetime.date.today()


@FUZZ
@given(
    champ=st.sampled_from(
        ["nom", "organisme", "rubrique", "statuts_vises", "territoires", "lieu", "actif"]
    ),  # fmt: skip
    valeurs=st.lists(HOSTILES, min_size=1, max_size=3),
)
def test_formulaire_de_service_fuzz(contexte, champ, valeurs):
    statut = StatutImmigration.objects.first()
    donnees = {
        "nom": "Francisation", "organisme": contexte["organisme"].pk,
        "rubrique": contexte["service"].rubrique_id, "statuts_vises": [statut.pk],
        "territoires": [Territoire.objects.first().pk], "description": "", "lieu": "",
        "actif": "on", champ: valeurs,
    }  # fmt: skip
    poster(contexte["client"], "/subventions/services/nouveau/", donnees)
    poster(contexte["client"], f"/subventions/services/{contexte['service'].pk}/modifier/",
           donnees)  # fmt: skip


@pytest.mark.parametrize(
    "champ, valeur",
    [
        ("territoires_desservis", "99999999999999999999"),
        ("statuts_vises", "99999999999999999999"),
        ("territoires", "-99999999999999999999"),
    ],
)
def test_identifiant_a_20_chiffres_refuse_en_francais(contexte, champ, valeur):
    client = contexte["client"]
    if champ == "territoires_desservis":
        reponse = poster(client, "/organismes/nouveau/",
                         {**donnees_organisme("1150000999"), champ: [valeur]})  # fmt: skip
    else:
        reponse = poster(client, "/subventions/services/nouveau/", {
            "nom": "Francisation", "organisme": contexte["organisme"].pk,
            "rubrique": contexte["service"].rubrique_id,
            "statuts_vises": [StatutImmigration.objects.first().pk], champ: [valeur]})  # fmt: skip
    assert reponse.status_code == 200
    assert "Sélectionnez un choix valide" in reponse.content.decode()


@FUZZ
@given(
    type_document=st.one_of(st.sampled_from(["autre", "assurance"]), TEXTE),
    titre=HOSTILES,
    date_validite=HOSTILES,
    nom=st.one_of(TEXTE, st.sampled_from(["é" * 200, "a" * 300, "../../etc/passwd", ""])),
)
def test_televersement_fuzz(contexte, stockage_tmp, type_document, titre, date_validite, nom):
    organisme = contexte["organisme"]
    reponse = poster(
        contexte["client"],
        f"/organismes/{organisme.pk}/documents/ajouter/",
        {
            "type": type_document,
            "titre": titre,
            "date_validite": date_validite,
            "fichier": SimpleUploadedFile(nom + ".pdf", PDF_MINIMAL),
        },
    )
    if reponse.status_code == 302:
        document = organisme.documents.latest("pk")
        assert len(document.nom_fichier.encode()) <= 255
        if document.date_validite:
            assert datetime.date(2000, 1, 1) <= document.date_validite <= FIN_PLAUSIBLE
