"""Creating, editing and reading an organisation through its pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from organismes.models import Organisme
from referentiel.models import Territoire
from subventions.models import Subvention
from tests.factories import ContactFactory, DocumentFactory, SubventionFactory

NBSP = "\u00a0"


def _formulaire(organisme=None, **changements):
    """What the browser sends for the organisation form (checkboxes as lists)."""
    donnees = {
        "nom_legal": "Carrefour d'accueil de Saint-Laurent",
        "nom_usage": "",
        "neq": "1145-678-901",
        "numero_bienfaisance": "",
        "forme_juridique": "obnl",
        "date_constitution": "1998-05-14",
        "adresse": "1234, boulevard Décarie",
        "code_postal": "h4l3m5",
        "arrondissement": "",
        "territoires_desservis": [],
        "courriel": "info@carrefour.org",
        "telephone": "514 555-0101",
        "site_web": "",
        "mission": "",
        "actif": "on",
    }
    if organisme is not None:
        for champ in ("nom_legal", "nom_usage", "neq", "courriel", "telephone"):
            donnees[champ] = getattr(organisme, champ)
        donnees["code_postal"] = organisme.code_postal
        donnees["arrondissement"] = organisme.arrondissement_id or ""
        donnees["date_constitution"] = ""
        donnees["adresse"] = organisme.adresse
        donnees["version"] = organisme.version
    donnees.update(changements)
    return donnees


def _h1(contenu):
    return re.findall(r"<h1[ >]", contenu)


def test_formulaire_de_creation_accessible(client_de, agent):
    contenu = client_de(agent).get("/organismes/nouveau/").content.decode()
    assert len(_h1(contenu)) == 1
    for champ in ("nom_legal", "neq", "code_postal", "courriel", "telephone", "site_web"):
        assert f'for="id_{champ}"' in contenu
    assert 'type="date" name="date_constitution"' in contenu
    # The territories are a group of checkboxes named by a legend, not by a stray <label>.
    assert re.search(r"<fieldset[^>]*>\s*<legend>Territoires desservis", contenu)
    assert 'type="checkbox" name="territoires_desservis"' in contenu
    assert 'for=""' not in contenu
    assert '<button type="submit">' in contenu


def test_agent_cree_un_organisme(client_de, agent):
    territoires = list(Territoire.objects.all()[:2])
    client = client_de(agent)
    reponse = client.post(
        "/organismes/nouveau/",
        _formulaire(territoires_desservis=[t.pk for t in territoires], site_web="carrefour.org"),
    )
    organisme = Organisme.objects.get(neq="1145678901")
    assert reponse.status_code == 302 and reponse.url == f"/organismes/{organisme.pk}/"
    assert organisme.code_postal == "H4L 3M5"
    assert organisme.site_web == "https://carrefour.org"
    assert organisme.date_constitution == datetime.date(1998, 5, 14)
    assert set(organisme.territoires_desservis.all()) == set(territoires)
    assert organisme.history.earliest().history_user == agent
    suivante = client.get(reponse.url).content.decode()
    assert "a été créé" in suivante


def test_creation_invalide_resume_des_erreurs(client_de, agent, organisme):
    reponse = client_de(agent).post(
        "/organismes/nouveau/",
        _formulaire(neq=organisme.neq, code_postal="J4K 1A1", courriel="pas-un-courriel"),
    )
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert 'class="resume-erreurs" role="alert"' in contenu
    assert "rien n'a été enregistré" in contenu
    assert 'href="#id_code_postal"' in contenu and 'href="#id_neq"' in contenu
    assert "Code postal montréalais attendu" in contenu
    assert Organisme.objects.count() == 1


def test_agent_modifie_et_la_version_avance(client_de, agent, organisme):
    url = f"/organismes/{organisme.pk}/modifier/"
    contenu = client_de(agent).get(url).content.decode()
    assert f'name="version" value="{organisme.version}"' in contenu
    reponse = client_de(agent).post(url, _formulaire(organisme, nom_usage="CASL"))
    assert reponse.status_code == 302
    organisme.refresh_from_db()
    assert organisme.nom_usage == "CASL" and organisme.version == 2


def test_modification_perimee_refusee(client_de, agent, autre_agent, organisme):
    url = f"/organismes/{organisme.pk}/modifier/"
    formulaire_ouvert = _formulaire(organisme)  # both agents opened version 1
    premier = client_de(autre_agent).post(url, {**formulaire_ouvert, "nom_usage": "Premier"})
    assert premier.status_code == 302
    reponse = client_de(agent).post(url, {**formulaire_ouvert, "nom_usage": "Second"})
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert escape("Quelqu'un d'autre a enregistré cette fiche") in contenu
    assert escape("Rien n'a été enregistré") in contenu
    organisme.refresh_from_db()
    assert organisme.nom_usage == "Premier" and organisme.version == 2


def test_modification_sans_version_refusee(client_de, agent, organisme):
    donnees = _formulaire(organisme, nom_usage="Sans version")
    del donnees["version"]
    reponse = client_de(agent).post(f"/organismes/{organisme.pk}/modifier/", donnees)
    assert reponse.status_code == 200
    assert "La version de la fiche manque" in reponse.content.decode()
    organisme.refresh_from_db()
    assert organisme.nom_usage == "" and organisme.version == 1


def test_fiche_complete(client_de, agent, organisme):
    aujourd_hui = timezone.localdate()
    ContactFactory(organisme=organisme, nom="Zoé Secondaire")
    ContactFactory(organisme=organisme, nom="Amina Principale", principal=True)
    DocumentFactory(
        organisme=organisme,
        type="assurance",
        titre="Attestation d'assurance 2024",
        date_validite=aujourd_hui - datetime.timedelta(days=1),
    )
    DocumentFactory(organisme=organisme, titre="Lettres patentes", date_validite=None)
    engagee = SubventionFactory(
        organisme=organisme,
        statut=Subvention.Statut.EN_COURS,
        montant_accorde=Decimal("1234567.89"),
    )
    SubventionFactory(organisme=organisme, montant_accorde=Decimal("5000"))  # en analyse
    contenu = client_de(agent).get(f"/organismes/{organisme.pk}/").content.decode()
    assert len(_h1(contenu)) == 1
    assert contenu.index("Amina Principale") < contenu.index("Zoé Secondaire")
    assert "expiré" in contenu and contenu.count("expiré") == 1
    assert f'href="{engagee.get_absolute_url()}">{engagee.numero}</a>' in contenu
    assert f"1{NBSP}234{NBSP}567,89{NBSP}$" in contenu  # the grant and Σ accordé
    assert f"5{NBSP}000,00{NBSP}$" in contenu
    assert re.search(r"Total versé</th><td[^>]*>0,00\u00a0\$", contenu)
    assert 'scope="col"' in contenu and 'scope="row"' in contenu
    assert f"/organismes/{organisme.pk}/modifier/" in contenu
    assert f"/organismes/{organisme.pk}/historique/" in contenu


def test_total_accorde_ne_compte_que_les_subventions_engagees(client_de, agent, organisme):
    SubventionFactory(organisme=organisme, statut="approuvee", montant_accorde=Decimal("100"))
    SubventionFactory(organisme=organisme, statut="refusee", montant_accorde=Decimal("1000"))
    SubventionFactory(organisme=organisme, statut="en_analyse", montant_accorde=Decimal("10000"))
    reponse = client_de(agent).get(f"/organismes/{organisme.pk}/")
    totaux = reponse.context["totaux"]
    assert totaux["accorde"] == Decimal("100")
    # Versé is the instalments' figure (tests/versements/test_verse.py), shown beside it.
    assert re.search(r"Total versé</th><td[^>]*>0,00\u00a0\$", reponse.content.decode())


def test_fiche_vue_par_le_partenaire(client_de, partenaire, organisme):
    DocumentFactory(organisme=organisme)
    contenu = client_de(partenaire).get(f"/organismes/{organisme.pk}/").content.decode()
    assert escape(organisme.nom_legal) in contenu
    assert "/modifier/" not in contenu and "/historique/" not in contenu
    assert "/contacts/ajouter/" not in contenu and "/documents/ajouter/" not in contenu
    assert f"/organismes/{organisme.pk}/documents/" in contenu  # may download its own


@pytest.mark.parametrize("role", ["gestionnaire", "administrateur"])
def test_fiche_en_lecture_seule(client_de, request, organisme, role):
    contenu = client_de(request.getfixturevalue(role)).get(f"/organismes/{organisme.pk}/")
    texte = contenu.content.decode()
    assert "/modifier/" not in texte and "/contacts/ajouter/" not in texte
    assert f"/organismes/{organisme.pk}/historique/" in texte


def test_requetes_de_la_fiche_independantes_du_nombre_de_lignes(client_de, agent, organisme):
    client = client_de(agent)

    def compter():
        with CaptureQueriesContext(connection) as requetes:
            assert client.get(f"/organismes/{organisme.pk}/").status_code == 200
        return len(requetes)

    ContactFactory(organisme=organisme)
    DocumentFactory(organisme=organisme)
    SubventionFactory(organisme=organisme)
    peu = compter()
    ContactFactory.create_batch(5, organisme=organisme)
    DocumentFactory.create_batch(5, organisme=organisme)
    SubventionFactory.create_batch(8, organisme=organisme)
    assert compter() == peu


def test_historique_montre_ancienne_et_nouvelle_valeur(client_de, agent, organisme):
    territoire = Territoire.objects.get(nom="Verdun")
    client = client_de(agent)
    client.post(
        f"/organismes/{organisme.pk}/modifier/",
        _formulaire(organisme, nom_usage="CASL", territoires_desservis=[territoire.pk]),
    )
    client.post(f"/organismes/{organisme.pk}/contacts/ajouter/", {"nom": "Mei Nguyen"})
    reponse = client.get(f"/organismes/{organisme.pk}/historique/")
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert len(_h1(contenu)) == 1
    assert "Nom d&#x27;usage" in contenu or "Nom d'usage" in contenu
    assert "<del>—</del>" in contenu and "<ins>CASL</ins>" in contenu
    assert "<ins>Verdun</ins>" in contenu  # territories by name, not database ids
    assert "contact « Mei Nguyen »" in contenu
    assert agent.get_full_name() in contenu


def test_totaux_non_decides_reserves_au_personnel(client_de, partenaire, agent, organisme):
    # A partner sees an amount only once decided: no demandé/proposé total, no refused weight.
    SubventionFactory(organisme=organisme, statut="approuvee", montant_accorde=Decimal("100"))
    SubventionFactory(organisme=organisme, statut="refusee", montant_accorde=Decimal("1000"))
    SubventionFactory(organisme=organisme, statut="en_analyse", montant_accorde=Decimal("10000"))
    for user, voit in [(agent, True), (partenaire, False)]:
        contenu = client_de(user).get(f"/organismes/{organisme.pk}/").content.decode()
        assert ("Total proposé" in contenu) is voit
        assert ("Total demandé" in contenu) is voit
        assert ("1 subvention refusée ou annulée" in contenu) is voit
        assert f"10{NBSP}000,00{NBSP}$" not in contenu or voit
        assert re.search(r"Total accordé[^<]*</th><td[^>]*>100,00\u00a0\$", contenu)
