"""Each bound of the trial report: implausible dates, amounts and participant counts are refused
with a French message and nothing is saved."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organismes.models import Document, Organisme
from subventions.models import ServiceFinance, Subvention
from tests.factories import PDF_MINIMAL

from .donnees import donnees_organisme, donnees_subvention


def creer(contexte, **changements):
    return contexte["client"].post(
        "/subventions/nouvelle/", {**donnees_subvention(contexte), **changements}
    )


@pytest.mark.parametrize(
    "changements, message",
    [
        ({"date_debut": "0001-01-01"}, "Date invraisemblable"),
        ({"date_fin": "9999-12-31"}, "Date invraisemblable"),
        ({"montant_demande": "30 000,00"}, "ne peut pas dépasser le montant demandé"),
        ({"montant_demande": "0"}, "Indiquez un montant de plus de 0 $"),
        ({"montant_accorde": "0,00", "repartition-0-montant": ""}, "0 $ n&#x27;est pas permis"),
        ({"services-0-participants_cibles": "2147483648"}, "inférieure ou égale à 1000000"),
        ({"services-0-participants_cibles": "99999999999999999999"}, "inférieure ou égale"),
    ],
)
def test_subvention_hors_bornes_refusee(contexte, changements, message):
    reponse = creer(contexte, **changements)
    assert reponse.status_code == 200
    assert message in reponse.content.decode()
    assert not Subvention.objects.exists() and not ServiceFinance.objects.exists()


def test_montant_accorde_vide_veut_dire_pas_encore_decide(contexte):
    reponse = creer(
        contexte,
        montant_accorde="",
        **{"repartition-0-montant": "", "repartition-0-exercice": "", "services-0-montant": "0"},
    )
    assert reponse.status_code == 302
    assert Subvention.objects.get().montant_accorde == Decimal("0")
    page = contexte["client"].get(reponse.url.rstrip("/") + "/modifier/").content.decode()
    assert 'name="montant_accorde" value=""' in page or 'name="montant_accorde" ' in page


def test_l_aide_du_formulaire_dit_ce_qui_est_requis(contexte):
    page = contexte["client"].get("/subventions/nouvelle/").content.decode()
    assert "laissez vide tant qu&#x27;il n&#x27;est pas décidé" in page
    assert "plus de 0 $" in page


def test_constitution_dans_le_futur_refusee(contexte):
    reponse = contexte["client"].post(
        "/organismes/nouveau/",
        {**donnees_organisme("1150000777"), "date_constitution": "2999-01-01"},
    )
    assert reponse.status_code == 200
    assert "Date invraisemblable" in reponse.content.decode()
    assert not Organisme.objects.filter(neq="1150000777").exists()


def test_validite_en_l_an_1_refusee(contexte, stockage_tmp):
    organisme = contexte["organisme"]
    reponse = contexte["client"].post(
        f"/organismes/{organisme.pk}/documents/ajouter/",
        {
            "type": "assurance",
            "titre": "Assurance",
            "date_validite": "0001-01-01",
            "fichier": SimpleUploadedFile("assurance.pdf", PDF_MINIMAL),
        },
    )
    assert reponse.status_code == 200
    assert "Date invraisemblable" in reponse.content.decode()
    assert not Document.objects.exists()
