"""The confirmation of a preview as a service (`importation_confirmer`) and its rule
(`echanges.confirmer_importation`), asked by the button, the page and the service alike."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from echanges.importation.lecture import FichierRefuse
from echanges.importation.services import importation_confirmer, importation_executer
from echanges.models import Importation
from noyau.permissions import peut
from subventions.models import Subvention
from tests.data.subventions_historiques import CHEMIN, classeur_errone

from .conftest import en_octets

pytestmark = pytest.mark.django_db
REGLE = "echanges.confirmer_importation"


def apercu_de(par, contenu=None, nom="subventions-historiques.xlsx"):
    fichier = SimpleUploadedFile(nom, contenu or CHEMIN.read_bytes())
    importation, _plan = importation_executer(
        fichier=fichier, nom=nom, par=par, essai=True, source="web", garder_fichier=True
    )
    return importation


def test_confirmer_importe_une_fois_et_efface_le_fichier(agent, referentiel_import):
    apercu = apercu_de(agent)
    assert peut(agent, REGLE, apercu)
    importation, plan = importation_confirmer(apercu=apercu, par=agent)
    assert plan.valide and not importation.essai and importation.apercu == apercu
    assert Subvention.objects.count() == 6
    apercu.refresh_from_db()
    assert not apercu.fichier and not peut(agent, REGLE, apercu)
    # A second confirmation (a double click, a second tab) finds the first and imports nothing.
    with pytest.raises(ValidationError) as refus:
        importation_confirmer(apercu=apercu, par=agent)
    assert refus.value.messages == ["Cet aperçu a déjà été importé ou ne peut pas l'être."]
    assert Subvention.objects.count() == 6 and Importation.objects.count() == 2


def test_deux_confirmations_du_meme_objet_perime_n_importent_qu_une_fois(agent, referentiel_import):
    """The second call holds the row as read before the first committed: the service reads it
    again under its lock, so it sees the confirmation and the deleted file."""
    apercu = apercu_de(agent)
    meme = Importation.objects.get(pk=apercu.pk)
    importation_confirmer(apercu=apercu, par=agent)
    with pytest.raises(ValidationError):
        importation_confirmer(apercu=meme, par=agent)
    assert Subvention.objects.count() == 6


def test_l_apercu_d_un_autre_n_est_pas_confirmable(agent, autre_agent, referentiel_import):
    apercu = apercu_de(agent)
    assert not peut(autre_agent, REGLE, apercu)
    with pytest.raises(ValidationError):
        importation_confirmer(apercu=apercu, par=autre_agent)
    assert not Subvention.objects.exists()


def test_qui_ne_peut_plus_importer_ne_confirme_pas(agent, referentiel_import):
    apercu = apercu_de(agent)
    agent.is_active = False
    agent.save()
    assert not peut(agent, REGLE, apercu)
    with pytest.raises(ValidationError):
        importation_confirmer(apercu=apercu, par=agent)
    assert not Subvention.objects.exists()


def test_un_apercu_en_erreur_ou_en_ligne_de_commande_n_est_pas_confirmable(
    agent, referentiel_import
):
    errone = apercu_de(agent, en_octets(classeur_errone()).getvalue(), "ancien.xlsx")
    assert errone.resultat == Importation.Resultat.ERREURS
    commande = apercu_de(agent)
    Importation.objects.filter(pk=commande.pk).update(source=Importation.Source.COMMANDE)
    for apercu in (errone, Importation.objects.get(pk=commande.pk)):
        assert not peut(agent, REGLE, apercu)
        with pytest.raises(ValidationError):
            importation_confirmer(apercu=apercu, par=agent)
    assert not Subvention.objects.exists()


def test_un_import_reel_ne_se_confirme_pas(agent, referentiel_import):
    apercu = apercu_de(agent)
    reel, _plan = importation_confirmer(apercu=apercu, par=agent)
    assert not peut(agent, REGLE, reel)
    with pytest.raises(ValidationError):
        importation_confirmer(apercu=reel, par=agent)


def test_fichier_disparu_rien_n_est_importe(agent, referentiel_import):
    apercu = apercu_de(agent)
    apercu.fichier.storage.delete(apercu.fichier.name)
    with pytest.raises(FichierRefuse, match="n'est plus lisible"):
        importation_confirmer(apercu=apercu, par=agent)
    assert not Subvention.objects.exists() and Importation.objects.count() == 1


def test_donnees_changees_depuis_l_apercu_le_bouton_disparait(client, agent, referentiel_import):
    """The real import finds an error the preview did not: nothing is imported, the refused
    attempt is recorded against the preview, and the preview's button no longer shows (its
    POST would be refused)."""
    apercu = apercu_de(agent)
    referentiel_import["inclusive"].enveloppes.all().delete()
    importation, plan = importation_confirmer(apercu=apercu, par=agent)
    assert not plan.valide and importation.essai and importation.apercu == apercu
    assert not Subvention.objects.exists()
    apercu.refresh_from_db()
    assert apercu.fichier  # kept: only an import that happened deletes it
    client.force_login(agent)
    page = client.get(reverse("echanges:importation_detail", args=[apercu.pk]))
    assert reverse("echanges:importation_confirmer", args=[apercu.pk]) not in page.content.decode()
    reponse = client.post(reverse("echanges:importation_confirmer", args=[apercu.pk]))
    assert reponse.url == reverse("echanges:importation_detail", args=[apercu.pk])
    messages = [str(m) for m in page.wsgi_request._messages] + [
        str(m) for m in reponse.wsgi_request._messages
    ]
    assert "Cet aperçu a déjà été importé ou ne peut pas l'être." in messages


def test_la_vue_dit_le_refus_et_le_succes(client, agent, referentiel_import):
    apercu = apercu_de(agent)
    client.force_login(agent)
    url = reverse("echanges:importation_confirmer", args=[apercu.pk])
    page = client.get(url).content.decode()
    assert "Confirmer l'importation" in page and 'method="post"' in page
    reponse = client.post(url, follow=True)
    assert "Importation terminée." in reponse.content.decode()
    reponse = client.post(url, follow=True)
    html = reponse.content.decode().replace("&#x27;", "'")
    assert "Cet aperçu a déjà été importé ou ne peut pas l'être." in html
    assert reponse.redirect_chain[-1][0] == reverse("echanges:importation_detail", args=[apercu.pk])
