import datetime
from decimal import Decimal

import pytest
from django.utils.html import escape

from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    ProgrammeFactory,
    RepartitionFactory,
    ServiceFactory,
    SubventionFactory,
)

S = Subvention.Statut


@pytest.fixture
def programme(db):
    programme = ProgrammeFactory(nom="Montréal inclusive")
    EnveloppeFactory(programme=programme, exercice=2026, montant=Decimal("100000"))
    return programme


def donnees_formulaire(organisme, programme, agent, **autres):
    donnees = {
        "organisme": organisme.pk,
        "programme": programme.pk,
        "titre": "Accueil à Saint-Laurent",
        "description": "",
        "agent": agent.pk,
        "montant_demande": "45 000,00",
        "montant_accorde": "40 000,00",
        "date_debut": "2026-01-01",
        "date_fin": "2026-12-31",
        "numero_gdd": "",
        "repartition-TOTAL_FORMS": "3",
        "repartition-INITIAL_FORMS": "0",
        "repartition-0-exercice": "2026",
        "repartition-0-montant": "40 000,00",
        "services-TOTAL_FORMS": "2",
        "services-INITIAL_FORMS": "0",
    }
    donnees.update(autres)
    return donnees


def test_agent_cree_une_subvention(client_de, agent, organisme, programme):
    service = ServiceFactory(organisme=organisme)
    donnees = donnees_formulaire(
        organisme,
        programme,
        agent,
        **{
            "services-0-service": service.pk,
            "services-0-participants_cibles": "120",
            "services-0-montant": "40000",
        },
    )
    reponse = client_de(agent).post("/subventions/nouvelle/", donnees)
    subvention = Subvention.objects.get()
    assert reponse.status_code == 302 and reponse.url == f"/subventions/{subvention.pk}/"
    assert subvention.montant_accorde == Decimal("40000.00")
    assert subvention.services_finances.get().participants_cibles == 120
    page = client_de(agent).get(reponse.url).content.decode()
    assert "40\u00a0000,00\u00a0$" in page and "Recommander" in page


def test_creation_invalide_ne_change_rien(client_de, agent, organisme, programme):
    donnees = donnees_formulaire(organisme, programme, agent, **{"repartition-0-montant": "1"})
    reponse = client_de(agent).post("/subventions/nouvelle/", donnees)
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert "Le formulaire contient des erreurs" in contenu and "doivent être égaux" in contenu
    assert not Subvention.objects.exists()


def test_montant_mal_ecrit_message_francais(client_de, agent, organisme, programme):
    donnees = donnees_formulaire(organisme, programme, agent, montant_accorde="beaucoup")
    contenu = client_de(agent).post("/subventions/nouvelle/", donnees).content.decode()
    assert "Montant invalide" in contenu
    assert not Subvention.objects.exists()


def test_modification_perimee_refusee(client_de, agent, organisme, programme):
    s = SubventionFactory(agent=agent, organisme=organisme, programme=programme)
    RepartitionFactory(subvention=s)
    client = client_de(agent)
    page = client.get(f"/subventions/{s.pk}/modifier/")
    assert page.status_code == 200
    donnees = donnees_formulaire(
        organisme, programme, agent, version=str(s.version), titre="Ma version"
    )
    Subvention.objects.filter(pk=s.pk).update(version=s.version + 1, titre="Version d'un collègue")
    reponse = client.post(f"/subventions/{s.pk}/modifier/", donnees)
    assert reponse.status_code == 200
    assert escape("Quelqu'un d'autre a enregistré") in reponse.content.decode()
    s.refresh_from_db()
    assert s.titre == "Version d'un collègue"


def test_gestionnaire_approuve_depuis_la_page(client_de, agent, gestionnaire, programme):
    s = SubventionFactory(agent=agent, statut=S.RECOMMANDEE, programme=programme)
    RepartitionFactory(subvention=s)
    client = client_de(gestionnaire)
    detail = client.get(f"/subventions/{s.pk}/").content.decode()
    assert "Approuver" in detail and "Recommander" not in detail
    page = client.get(f"/subventions/{s.pk}/etape/approuver/").content.decode()
    assert "Dans l&#x27;enveloppe" in page or "Dans l'enveloppe" in page
    reponse = client.post(
        f"/subventions/{s.pk}/etape/approuver/",
        {
            "numero_resolution": "CE26 0456",
            "date_decision": "2026-02-10",
            "numero_gdd": "",
            "commentaire": "",
            "derogation_raison": "",
        },
    )
    assert reponse.status_code == 302
    s.refresh_from_db()
    assert s.statut == S.APPROUVEE and s.numero_resolution == "CE26 0456"


def test_approbation_hors_enveloppe_affiche_l_erreur(client_de, agent, gestionnaire, programme):
    s = SubventionFactory(
        agent=agent, statut=S.RECOMMANDEE, programme=programme, montant_accorde=Decimal("150000")
    )
    RepartitionFactory(subvention=s, montant=Decimal("150000"))
    reponse = client_de(gestionnaire).post(
        f"/subventions/{s.pk}/etape/approuver/",
        {"numero_resolution": "CE26 0456", "date_decision": "2026-02-10"},
    )
    assert reponse.status_code == 200
    assert "dérogation" in reponse.content.decode()
    s.refresh_from_db()
    assert s.statut == S.RECOMMANDEE


def test_date_de_decision_future_refusee(client_de, agent, gestionnaire, programme):
    s = SubventionFactory(agent=agent, statut=S.RECOMMANDEE, programme=programme)
    RepartitionFactory(subvention=s)
    demain = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    reponse = client_de(gestionnaire).post(
        f"/subventions/{s.pk}/etape/approuver/",
        {"numero_resolution": "CE26 0456", "date_decision": demain},
    )
    assert "futur" in reponse.content.decode()
    s.refresh_from_db()
    assert s.statut == S.RECOMMANDEE and not s.transitions.exists()


@pytest.mark.parametrize("role", ["agent", "autre_agent", "administrateur"])
def test_etape_non_permise_refusee(client_de, request, agent, role):
    s = SubventionFactory(agent=agent, statut=S.RECOMMANDEE)
    reponse = client_de(request.getfixturevalue(role)).get(f"/subventions/{s.pk}/etape/approuver/")
    assert reponse.status_code == 403


def test_etape_inconnue_404(client_de, agent):
    s = SubventionFactory(agent=agent)
    assert client_de(agent).get(f"/subventions/{s.pk}/etape/effacer/").status_code == 404


def test_historique_montre_ancienne_et_nouvelle_valeur(client_de, agent, organisme, programme):
    from subventions import services

    s = services.subvention_creer(
        par=agent,
        champs={
            "organisme": organisme,
            "programme": programme,
            "titre": "Avant",
            "agent": agent,
            "montant_accorde": Decimal("0"),
            "date_debut": datetime.date(2026, 1, 1),
            "date_fin": datetime.date(2026, 12, 31),
        },
    )
    services.subvention_modifier(
        subvention=s, par=agent, version=s.version, champs={"titre": "Après"}
    )
    contenu = client_de(agent).get(f"/subventions/{s.pk}/historique/").content.decode()
    assert "<del>Avant</del>" in contenu and "<ins>Après</ins>" in contenu


def test_partenaire_voit_sa_subvention_mais_pas_celle_des_autres(
    client_de, partenaire, organisme, autre_organisme
):
    a_lui = SubventionFactory(organisme=organisme)
    autre = SubventionFactory(organisme=autre_organisme)
    client = client_de(partenaire)
    assert client.get(f"/subventions/{a_lui.pk}/").status_code == 200
    assert client.get(f"/subventions/{autre.pk}/").status_code == 404
    assert client.get(f"/subventions/{autre.pk}/historique/").status_code in (403, 404)
    assert client.get(f"/subventions/{a_lui.pk}/etape/annuler/").status_code == 403


def test_anonyme_renvoye_a_la_connexion(client, agent):
    s = SubventionFactory(agent=agent)
    for url in (
        f"/subventions/{s.pk}/",
        f"/subventions/{s.pk}/modifier/",
        f"/subventions/{s.pk}/etape/recommander/",
        f"/subventions/{s.pk}/historique/",
    ):
        reponse = client.get(url)
        assert reponse.status_code == 302 and reponse.url.startswith("/connexion/?next=")


def test_modification_sans_version_refusee(client_de, agent, organisme, programme):
    s = SubventionFactory(agent=agent, organisme=organisme, programme=programme)
    RepartitionFactory(subvention=s)
    donnees = donnees_formulaire(organisme, programme, agent, titre="Sans version")
    reponse = client_de(agent).post(f"/subventions/{s.pk}/modifier/", donnees)
    assert reponse.status_code == 200
    s.refresh_from_db()
    assert s.titre != "Sans version"


def test_partenaire_ne_voit_pas_les_deliberations(
    client_de, partenaire, organisme, agent, gestionnaire
):
    from subventions.models import DerogationEnveloppe, Transition

    s = SubventionFactory(organisme=organisme, agent=agent, statut=S.APPROUVEE)
    Transition.objects.create(
        subvention=s,
        de=S.RECOMMANDEE,
        vers=S.APPROUVEE,
        par=gestionnaire,
        commentaire="Note interne sur le budget",
    )
    DerogationEnveloppe.objects.create(
        subvention=s,
        exercice=2026,
        depassement=Decimal("1"),
        raison="Raison confidentielle",
        par=gestionnaire,
    )
    contenu = client_de(partenaire).get(f"/subventions/{s.pk}/").content.decode()
    assert "Approuvée" in contenu
    assert "Note interne" not in contenu and "Raison confidentielle" not in contenu
    assert "/historique/" not in contenu and 'href="/subventions/"' not in contenu
    personnel = client_de(gestionnaire).get(f"/subventions/{s.pk}/").content.decode()
    assert "Note interne" in personnel and "Raison confidentielle" in personnel


def test_nouvelle_subvention_depuis_la_fiche_organisme(client_de, agent, organisme):
    fiche = client_de(agent).get(f"/organismes/{organisme.pk}/").content.decode()
    assert f"/subventions/nouvelle/?organisme={organisme.pk}" in fiche
    formulaire = client_de(agent).get(f"/subventions/nouvelle/?organisme={organisme.pk}")
    assert formulaire.context["form"]["organisme"].value() == str(organisme.pk)


@pytest.mark.parametrize("valeur", ["abc", "999999", "", "1.5"])
def test_organisme_fantaisiste_message_pas_erreur_500(client_de, agent, programme, valeur):
    donnees = donnees_formulaire(
        type("O", (), {"pk": valeur})(), programme, agent, **{"repartition-0-montant": "40000"}
    )
    reponse = client_de(agent).post("/subventions/nouvelle/", donnees)
    assert reponse.status_code == 200
    assert "Le formulaire contient des erreurs" in reponse.content.decode()
    assert not Subvention.objects.exists()


def test_erreurs_cachees_et_de_lignes_sont_annoncees(client_de, agent, organisme, programme):
    s = SubventionFactory(agent=agent, organisme=organisme, programme=programme)
    client = client_de(agent)
    sans_version = client.post(
        f"/subventions/{s.pk}/modifier/", donnees_formulaire(organisme, programme, agent)
    ).content.decode()
    assert "Formulaire incomplet : rechargez la page." in sans_version
    ligne_invalide = client.post(
        "/subventions/nouvelle/",
        donnees_formulaire(organisme, programme, agent, **{"repartition-0-exercice": "1999"}),
    ).content.decode()
    assert "Le formulaire contient des erreurs" in ligne_invalide
    assert "Corrigez les lignes signalées" in ligne_invalide


def test_partenaire_ne_voit_pas_un_montant_non_decide(client_de, partenaire, organisme, agent):
    s = SubventionFactory(organisme=organisme, agent=agent, montant_accorde=Decimal("40000"))
    RepartitionFactory(subvention=s, montant=Decimal("40000"))
    client = client_de(partenaire)
    for url in ("/portail/", f"/subventions/{s.pk}/"):
        contenu = client.get(url).content.decode()
        assert "40\u00a0000,00" not in contenu and "à déterminer" in contenu
    Subvention.objects.filter(pk=s.pk).update(statut=S.APPROUVEE)
    assert "40\u00a0000,00" in client.get(f"/subventions/{s.pk}/").content.decode()
    assert f'href="/subventions/{s.pk}/"' in client.get("/portail/").content.decode()


def test_enveloppe_prise_entre_affichage_et_envoi(
    client_de, agent, gestionnaire, programme, monkeypatch
):
    from subventions import selectors
    from subventions.views import subvention as vue

    s = SubventionFactory(
        agent=agent, statut=S.RECOMMANDEE, programme=programme, montant_accorde=Decimal("150000")
    )
    RepartitionFactory(subvention=s, montant=Decimal("150000"))
    # The page was drawn while the envelope still had room (no override field shown)...
    reel = selectors.apercu_enveloppes
    monkeypatch.setattr(
        vue.selectors,
        "apercu_enveloppes",
        lambda **kw: [{**d, "depasse": False} for d in reel(**kw)],
    )
    reponse = client_de(gestionnaire).post(
        f"/subventions/{s.pk}/etape/approuver/",
        {"numero_resolution": "CE26 0456", "date_decision": "2026-02-10"},
    )
    monkeypatch.undo()
    contenu = reponse.content.decode()
    # ...the refusal now offers the field it asks for.
    assert reponse.status_code == 200 and 'name="derogation_raison"' in contenu
    s.refresh_from_db()
    assert s.statut == S.RECOMMANDEE
