import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from echanges.models import Importation
from subventions.models import Subvention
from tests.data.subventions_historiques import CHEMIN, classeur_errone
from tests.noyau.test_tables_defilantes import tables_defilantes

from .conftest import en_octets

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def televerser(client, contenu, nom="subventions-historiques.xlsx"):
    return client.post(
        reverse("echanges:importation_televerser"),
        {"fichier": SimpleUploadedFile(nom, contenu, content_type=XLSX)},
    )


def test_televerser_apercu_puis_confirmer(client, agent, referentiel_import):
    client.force_login(agent)
    reponse = televerser(client, CHEMIN.read_bytes())
    apercu = Importation.objects.get()
    assert reponse.status_code == 302 and reponse.url == f"/echanges/importations/{apercu.pk}/"
    assert apercu.essai and apercu.fichier and not Subvention.objects.exists()
    # The file is stored privately, under a random name.
    assert "subventions-historiques" not in apercu.fichier.name
    page = client.get(reponse.url).content.decode()
    assert "Confirmer l'importation" in page
    assert "Jumelage interculturel" in page and "nouveau numéro" in page
    assert tables_defilantes(page) >= 1

    reponse = client.post(reverse("echanges:importation_confirmer", args=[apercu.pk]))
    reelle = Importation.objects.get(essai=False)
    assert reponse.url == f"/echanges/importations/{reelle.pk}/"
    assert reelle.apercu == apercu and reelle.subventions_creees == 6
    assert Subvention.objects.count() == 6
    apercu.refresh_from_db()
    assert not apercu.fichier
    # A second confirmation imports nothing more.
    client.post(reverse("echanges:importation_confirmer", args=[apercu.pk]))
    assert Subvention.objects.count() == 6 and Importation.objects.count() == 2


def test_on_ne_confirme_que_son_propre_apercu(client, agent, autre_agent, referentiel_import):
    client.force_login(agent)
    televerser(client, CHEMIN.read_bytes())
    apercu = Importation.objects.get()
    client.force_login(autre_agent)
    assert (
        client.post(reverse("echanges:importation_confirmer", args=[apercu.pk])).status_code == 404
    )
    assert not Subvention.objects.exists()


def test_fichier_errone_resume_et_rapport_xlsx(client, agent, referentiel_import):
    client.force_login(agent)
    reponse = televerser(client, en_octets(classeur_errone()).getvalue(), "ancien.xlsx")
    importation = Importation.objects.get()
    page = client.get(reponse.url).content.decode()
    assert 'id="resume-erreurs"' in page and "erreurs; rien n'a été importé" in page
    assert "Confirmer l&#x27;importation" not in page
    assert tables_defilantes(page) == 1
    rapport = client.get(reverse("echanges:importation_erreurs", args=[importation.pk]))
    assert rapport.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(rapport.streaming_content))).active
    lignes = list(ws.values)
    # The errors first, then the row's number, then its cells as read.
    assert lignes[0][:3] == ("Erreurs", "Ligne", "No de dossier")
    assert [ligne[1] for ligne in lignes[1:]] == [3, 4, 5, 6]
    assert "Date de début: Cette date n'existe pas" in lignes[1][0]
    assert not Subvention.objects.exists()


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("liste.pdf", b"%PDF-1.4", "Format refusé"),
        ("casse.xlsx", b"PK\x03\x04pas vraiment un zip", "ne correspond pas"),
        ("texte.xlsx", b"Organisme;Programme\n", "ne correspond pas"),
        ("binaire.csv", b"\x00\x01\x02" * 100, "contenu binaire"),
        ("vide.csv", b"", "vide"),
        ("sans-entetes.csv", b"a;b;c\n1;2;3\n", "Aucune ligne d"),
    ],
)
def test_fichier_hostile_erreur_francaise_jamais_500(client, agent, nom, contenu, message):
    client.force_login(agent)
    reponse = televerser(client, contenu, nom)
    assert reponse.status_code == 200
    assert message in reponse.content.decode().replace("&#x27;", "'")
    assert not Importation.objects.exists()


def test_classeur_bombe_refuse_avant_d_etre_ouvert(client, agent):
    import zipfile

    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(2100):
            archive.writestr(f"xl/vide{i}.xml", "")
    client.force_login(agent)
    reponse = televerser(client, tampon.getvalue(), "bombe.xlsx")
    assert reponse.status_code == 200 and "anormal" in reponse.content.decode()
    assert not Importation.objects.exists()


def test_modele_a_les_colonnes_un_exemple_et_les_explications(client, agent):
    client.force_login(agent)
    reponse = client.get(reverse("echanges:importation_modele"))
    wb = load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
    entetes, exemple = list(wb.worksheets[0].values)[:2]
    assert "Organisme" in entetes and "Montant accordé" in entetes and "NEQ" in entetes
    assert exemple[entetes.index("NEQ")] == "1145 678 901"
    assert wb.sheetnames[1] == "Explications"


def test_le_modele_rempli_s_importe(client, agent, referentiel_import, tmp_path):
    from echanges.importation.classeurs import modele
    from echanges.importation.services import importation_executer

    _importation, plan = importation_executer(
        fichier=en_octets(modele()), nom="modele.xlsx", par=agent, essai=True, source="web"
    )
    assert plan.erreurs == [] and len(plan.creees) == 1


def test_liste_des_importations_et_lien_depuis_les_organismes(client, agent, referentiel_import):
    client.force_login(agent)
    televerser(client, CHEMIN.read_bytes())
    page = client.get(reverse("echanges:importation_liste")).content.decode()
    assert "subventions-historiques.xlsx" in page
    assert (
        client.get(reverse("echanges:importation_liste"), {"resultat": "valide"}).status_code == 200
    )
    organismes = client.get(reverse("organismes:liste")).content.decode()
    assert reverse("echanges:importation_televerser") in organismes


def test_le_lien_d_import_n_est_pas_offert_a_l_administrateur(client, administrateur):
    client.force_login(administrateur)
    organismes = client.get(reverse("organismes:liste")).content.decode()
    assert reverse("echanges:importation_televerser") not in organismes


def test_l_historique_dit_de_quelle_importation_viennent_les_objets(
    client, agent, referentiel_import
):
    from organismes.models import Organisme

    client.force_login(agent)
    televerser(client, CHEMIN.read_bytes())
    apercu = Importation.objects.get()
    client.post(reverse("echanges:importation_confirmer", args=[apercu.pk]))
    reelle = Importation.objects.get(essai=False)
    attendu = f"Importation n° {reelle.pk} (subventions-historiques.xlsx)"
    ouest = Organisme.objects.get(neq="1160111222")
    page = client.get(reverse("organismes:historique", args=[ouest.pk])).content.decode()
    assert attendu in page
    carrefour = referentiel_import["carrefour"]
    page = client.get(reverse("organismes:historique", args=[carrefour.pk])).content.decode()
    assert attendu in page and "Saint-Laurent" in page
    subvention = Subvention.objects.get(numero="BINAM-2024-003")
    page = client.get(reverse("subventions:historique", args=[subvention.pk])).content.decode()
    assert attendu in page
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("subventions:historique", args=[subvention.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"Import no. {reelle.pk} (subventions-historiques.xlsx)" in page
