# ruff: noqa: F811 - the `programme` fixture is imported, then asked for by name
"""Targets per immigration status on funded service lines: the database bounds, the sum rule in
the one writer, the grant form (creation, modification, no JavaScript), the selector the report
review reads, and the grant page."""

import re
from decimal import Decimal as D
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from noyau.validators import PARTICIPANTS_MAX
from referentiel.models import StatutImmigration
from subventions import selectors, services
from subventions.models import CibleStatut, ServiceFinance, Subvention
from tests.factories import ServiceFactory, ServiceFinanceFactory, SubventionFactory
from tests.subventions.test_vues_subvention import donnees_formulaire, programme  # noqa: F401

NOUVELLE = "/subventions/nouvelle/"


@pytest.fixture
def statuts(db):
    return list(StatutImmigration.objects.actifs())


@pytest.fixture
def service(organisme, statuts):
    """A service aimed at the first three statuses, not the others."""
    return ServiceFactory(nom="Accueil des nouveaux arrivants", organisme=organisme,
                          statuts_vises=statuts[:3])  # fmt: skip


def champs(organisme, programme, agent):
    return {
        "organisme": organisme, "programme": programme, "titre": "Accueil", "agent": agent,
        "montant_demande": D("50000"), "montant_accorde": D("0"),
        "date_debut": None, "date_fin": None,
    }  # fmt: skip


def creer(agent, organisme, programme, lignes):
    return services.subvention_creer(
        par=agent, champs=champs(organisme, programme, agent), services_finances=lignes
    )


# --- Database bounds ------------------------------------------------------------------------


def test_une_cible_par_ligne_et_statut(statuts):
    ligne = ServiceFinanceFactory()
    CibleStatut.objects.create(service_finance=ligne, statut=statuts[0], participants_cibles=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        CibleStatut.objects.create(service_finance=ligne, statut=statuts[0], participants_cibles=6)


@pytest.mark.parametrize("valeur", [-1, PARTICIPANTS_MAX + 1])
def test_cible_bornee_par_la_base(statuts, valeur):
    ligne = ServiceFinanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CibleStatut.objects.create(
            service_finance=ligne, statut=statuts[0], participants_cibles=valeur
        )


def test_statut_protege_tant_qu_une_cible_le_nomme(statuts):
    from django.db.models import ProtectedError

    CibleStatut.objects.create(
        service_finance=ServiceFinanceFactory(), statut=statuts[0], participants_cibles=1
    )
    with pytest.raises(ProtectedError):
        statuts[0].delete()


# --- The sum rule, in the service -----------------------------------------------------------


def test_le_total_est_la_somme_des_cibles_quel_que_soit_le_total_saisi(
    agent,
    organisme,
    programme,
    service,
    statuts,
):
    s = creer(agent, organisme, programme, [{
        "service": service, "participants_cibles": 999, "montant": D("1000"),
        "cibles": {statuts[0]: 30, statuts[1]: 12, statuts[2]: 0},
    }])  # fmt: skip
    ligne = s.services_finances.get()
    assert ligne.participants_cibles == 42
    assert {c.statut: c.participants_cibles for c in ligne.cibles.all()} == {
        statuts[0]: 30, statuts[1]: 12, statuts[2]: 0
    }  # fmt: skip
    assert CibleStatut.history.count() == 3


def test_une_ligne_peut_n_avoir_qu_un_total(agent, organisme, programme, service):
    s = creer(agent, organisme, programme,
              [{"service": service, "participants_cibles": 80, "montant": D("1000")}])  # fmt: skip
    ligne = s.services_finances.get()
    assert ligne.participants_cibles == 80 and not ligne.cibles.exists()


def test_modifier_remplace_les_cibles_et_recalcule(agent, organisme, programme, service, statuts):
    s = creer(agent, organisme, programme, [{
        "service": service, "participants_cibles": 0, "montant": D("1000"),
        "cibles": {statuts[0]: 10, statuts[1]: 20},
    }])  # fmt: skip
    services.subvention_modifier(
        subvention=s, par=agent, version=s.version, champs=champs(organisme, programme, agent),
        services_finances=[{"service": service, "participants_cibles": 1, "montant": D("1000"),
                            "cibles": {statuts[1]: 25, statuts[2]: 5}}],
    )  # fmt: skip
    ligne = ServiceFinance.objects.get()
    assert ligne.participants_cibles == 30
    assert dict(ligne.cibles.values_list("statut", "participants_cibles")) == {
        statuts[1].pk: 25, statuts[2].pk: 5
    }  # fmt: skip
    # Removing every target per status leaves the typed total.
    s.refresh_from_db()
    services.subvention_modifier(
        subvention=s, par=agent, version=s.version, champs=champs(organisme, programme, agent),
        services_finances=[{"service": service, "participants_cibles": 60, "montant": D("1000")}],
    )  # fmt: skip
    ligne.refresh_from_db()
    assert ligne.participants_cibles == 60 and not ligne.cibles.exists()
    assert CibleStatut.history.filter(history_type="-").count() == 3


def test_cible_d_un_statut_que_le_service_ne_vise_pas_refusee(
    agent,
    organisme,
    programme,
    service,
    statuts,
):
    with pytest.raises(ValidationError, match="ne vise pas ces statuts"):
        creer(agent, organisme, programme, [{
            "service": service, "participants_cibles": 0, "montant": D("1000"),
            "cibles": {statuts[0]: 1, statuts[4]: 2},
        }])  # fmt: skip
    assert not Subvention.objects.exists() and not CibleStatut.objects.exists()


def test_somme_des_cibles_bornee(agent, organisme, programme, service, statuts):
    with pytest.raises(ValidationError, match="totalisent plus de"):
        creer(agent, organisme, programme, [{
            "service": service, "participants_cibles": 0, "montant": D("1000"),
            "cibles": {statuts[0]: PARTICIPANTS_MAX, statuts[1]: 1},
        }])  # fmt: skip
    assert not Subvention.objects.exists()


# --- The grant form -------------------------------------------------------------------------


def cle(statut, ligne=0):
    return f"services-{ligne}-cible_{statut.pk}"


def donnees(organisme, programme, agent, service, **cibles):
    return donnees_formulaire(organisme, programme, agent, **{
        "services-0-service": service.pk, "services-0-participants_cibles": "",
        "services-0-montant": "1000", **cibles,
    })  # fmt: skip


def test_creation_avec_cibles_par_statut(client_de, agent, organisme, programme, service, statuts):
    reponse = client_de(agent).post(NOUVELLE, donnees(
        organisme, programme, agent, service, **{cle(statuts[0]): "15", cle(statuts[2]): "5"}
    ))  # fmt: skip
    assert reponse.status_code == 302
    ligne = ServiceFinance.objects.get()
    assert ligne.participants_cibles == 20 and ligne.cibles.count() == 2


def test_formulaire_une_colonne_par_statut_actif_avec_etiquettes(
    client_de, agent, organisme, service, statuts
):
    inactif = StatutImmigration.objects.create(code="sans-statut", nom="Sans statut", actif=False)
    page = client_de(agent).get(NOUVELLE, {"organisme": organisme.pk}).content.decode()
    for statut in statuts:
        assert f'<label for="id_{cle(statut)}">{unescape(statut.nom)}</label>' in unescape(page)
    assert f"cible_{inactif.pk}" not in page
    # The model line for JavaScript carries the same columns.
    assert f'name="services-__prefix__-cible_{statuts[0].pk}"' in page


@pytest.mark.parametrize(
    "valeur, message",
    [
        ("-3", "supérieure ou égale à 0"),
        (str(PARTICIPANTS_MAX + 1), "inférieure ou égale à"),
        ("99999999999999999999", "inférieure ou égale à"),
        ("beaucoup", "Saisissez un nombre entier"),
        ("1,5", "Saisissez un nombre entier"),
    ],
)
def test_cible_invalide_erreur_en_francais_rien_enregistre(
    client_de,
    agent,
    organisme,
    programme,
    service,
    statuts,
    valeur,
    message,
):
    reponse = client_de(agent).post(
        NOUVELLE, donnees(organisme, programme, agent, service, **{cle(statuts[0]): valeur})
    )
    assert reponse.status_code == 200
    page = unescape(reponse.content.decode())
    assert message in page
    # The summary links to the cell in error, labelled with its status.
    assert (
        f'<a href="#id_{cle(statuts[0])}">Services financés, ligne 1, Participants visés — ' in page
    )
    assert not Subvention.objects.exists() and not CibleStatut.objects.exists()


def test_cible_hors_des_statuts_du_service_signalee_dans_sa_cellule(
    client_de,
    agent,
    organisme,
    programme,
    service,
    statuts,
):
    reponse = client_de(agent).post(
        NOUVELLE, donnees(organisme, programme, agent, service, **{cle(statuts[4]): "3"})
    )
    assert reponse.status_code == 200
    page = unescape(reponse.content.decode())
    assert f"Le service choisi ne vise pas le statut « {unescape(statuts[4].nom)} »" in page
    assert f'id="id_{cle(statuts[4])}_error"' in page
    assert not Subvention.objects.exists()


def test_ni_total_ni_cible_signale(client_de, agent, organisme, programme, service):
    reponse = client_de(agent).post(NOUVELLE, donnees(organisme, programme, agent, service))
    assert reponse.status_code == 200
    assert "Indiquez le nombre de participants visés, ou des cibles par statut." in unescape(
        reponse.content.decode()
    )
    assert not Subvention.objects.exists()


def test_ajouter_une_ligne_sans_javascript_garde_les_cibles_saisies(
    client_de,
    agent,
    organisme,
    programme,
    service,
    statuts,
):
    reponse = client_de(agent).post(NOUVELLE, donnees(
        organisme, programme, agent, service, _ajouter="services", **{cle(statuts[1]): "17"}
    ))  # fmt: skip
    assert reponse.status_code == 200 and not Subvention.objects.exists()
    page = reponse.content.decode()
    assert re.search(rf'name="{cle(statuts[1])}" value="17"', page)
    assert f'name="{cle(statuts[1], 2)}"' in page  # the third line, with its own columns
    assert "resume-erreurs" not in page


def test_modification_montre_les_cibles_et_les_remplace(
    client_de,
    agent,
    organisme,
    programme,
    service,
    statuts,
):
    s = SubventionFactory(organisme=organisme, programme=programme, agent=agent,
                          montant_accorde=D("0"))  # fmt: skip
    ligne = ServiceFinanceFactory(subvention=s, service=service, participants_cibles=7)
    CibleStatut.objects.create(service_finance=ligne, statut=statuts[0], participants_cibles=7)
    url = f"/subventions/{s.pk}/modifier/"
    page = client_de(agent).get(url).content.decode()
    assert re.search(rf'name="{cle(statuts[0])}" value="7"', page)
    envoi = donnees_formulaire(organisme, programme, agent, **{
        "version": s.version, "montant_accorde": "", "repartition-0-montant": "",
        "repartition-0-exercice": "", "services-INITIAL_FORMS": "1",
        "services-0-service": service.pk, "services-0-participants_cibles": "7",
        "services-0-montant": "1000", cle(statuts[0]): "", cle(statuts[1]): "9",
    })  # fmt: skip
    reponse = client_de(agent).post(url, envoi)
    assert reponse.status_code == 302, reponse.context["services_finances"].errors
    ligne.refresh_from_db()
    assert ligne.participants_cibles == 9
    assert list(ligne.cibles.values_list("statut", "participants_cibles")) == [(statuts[1].pk, 9)]


# --- The selector and the grant page --------------------------------------------------------


@pytest.fixture
def dossier(organisme, agent, service, statuts):
    s = SubventionFactory(organisme=organisme, agent=agent)
    avec = ServiceFinanceFactory(subvention=s, service=service, participants_cibles=45)
    CibleStatut.objects.create(service_finance=avec, statut=statuts[0], participants_cibles=40)
    CibleStatut.objects.create(service_finance=avec, statut=statuts[2], participants_cibles=5)
    sans = ServiceFinanceFactory(
        subvention=s, service=ServiceFactory(nom="Zumba interculturelle", organisme=organisme),
        participants_cibles=12,
    )  # fmt: skip
    return s, avec, sans


def test_selecteur_cibles_par_service_et_statut(dossier, statuts, django_assert_num_queries):
    s, avec, sans = dossier
    with django_assert_num_queries(3):
        cibles = selectors.cibles_par_service_et_statut(s)
        [ligne["service_finance"].service.rubrique for ligne in cibles["lignes"]]
    assert cibles["statuts"] == statuts and cibles["par_statut_saisi"] is True
    premiere, seconde = cibles["lignes"]
    assert premiere["service_finance"] == avec and seconde["service_finance"] == sans
    assert premiere["par_statut"] == {statuts[0].pk: 40, statuts[2].pk: 5}
    assert premiere["cibles"] == [40, None, 5, None, None] and premiere["total"] == 45
    assert seconde["par_statut"] == {} and seconde["cibles"] == [None] * 5
    assert seconde["total"] == 12 and seconde["par_statut_saisi"] is False


def test_selecteur_garde_un_statut_desactive_depuis(dossier, statuts):
    s, _avec, _sans = dossier
    StatutImmigration.objects.filter(pk=statuts[2].pk).update(actif=False)
    nouveau = StatutImmigration.objects.create(code="sans-statut", nom="Sans statut", ordre=99)
    cibles = selectors.cibles_par_service_et_statut(s)
    assert statuts[2] in cibles["statuts"] and nouveau in cibles["statuts"]
    assert statuts[3] in cibles["statuts"]
    assert cibles["lignes"][0]["cibles"][-1] is None


def test_selecteur_nombre_de_requetes_borne(organisme, agent, statuts, django_assert_num_queries):
    s = SubventionFactory(organisme=organisme, agent=agent)
    for _n in range(6):
        ligne = ServiceFinanceFactory(subvention=s, participants_cibles=len(statuts))
        for statut in statuts:
            CibleStatut.objects.create(service_finance=ligne, statut=statut, participants_cibles=1)
    with django_assert_num_queries(3):
        cibles = selectors.cibles_par_service_et_statut(s)
    assert len(cibles["lignes"]) == 6


@pytest.mark.parametrize("qui", ["agent", "gestionnaire", "partenaire"])
def test_fiche_montre_les_cibles_par_statut(client_de, request, dossier, statuts, qui):
    s, _avec, _sans = dossier
    page = unescape(client_de(request.getfixturevalue(qui)).get(s.get_absolute_url())
                    .content.decode())  # fmt: skip
    tableau = re.search(r'<table class="table" aria-describedby="aide-cibles">(.*?)</table>',
                        page, re.S).group(1)  # fmt: skip
    entetes = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', tableau)
    # A status header shows its short form and gives screen readers its full name.
    assert entetes[2:7] == [
        f'<abbr title="{st.nom}" aria-hidden="true">{st.sigle}</abbr>'
        f'<span class="visuellement-cache">{st.nom}</span>'
        for st in statuts
    ]
    assert entetes[7] == "Participants visés (total)"
    rangees = re.findall(r"<tr>(.*?)</tr>", tableau.split("<tbody>")[1], re.S)
    cellules = [re.findall(r'<td class="nombre">(.*?)</td>', r)[:6] for r in rangees]
    assert cellules == [["40", "—", "5", "—", "—", "45"], ["—", "—", "—", "—", "—", "12"]]


def test_fiche_sans_cible_par_statut_garde_le_tableau_simple(client_de, agent, organisme):
    s = SubventionFactory(organisme=organisme, agent=agent)
    ServiceFinanceFactory(subvention=s, participants_cibles=12)
    page = client_de(agent).get(s.get_absolute_url()).content.decode()
    assert "aide-cibles" not in page and ">Participants visés</th>" in page


def test_partenaire_d_un_autre_organisme_ne_voit_pas_les_cibles(
    client_de, dossier, autre_partenaire
):
    s, _avec, _sans = dossier
    assert client_de(autre_partenaire).get(s.get_absolute_url()).status_code == 404
