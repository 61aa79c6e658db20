"""The grant form: funded-service choices of the chosen organisation only, lines added without
JavaScript (nothing saved, nothing typed lost), no "Supprimer" on empty lines, and an error
summary that links every field in error, lines included."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.conf import settings

from subventions.models import Subvention
from tests.factories import ServiceFactory, ServiceFinanceFactory, SubventionFactory
from tests.subventions.test_vues_subvention import donnees_formulaire, programme  # noqa: F401

NOUVELLE = "/subventions/nouvelle/"


def options(reponse, champ):
    """The non-empty <option> values of a rendered <select name=champ>."""
    html = reponse.content.decode()
    select = re.search(rf'<select name="{champ}"[^>]*>(.*?)</select>', html, re.S)
    assert select, champ
    return [int(v) for v in re.findall(r'<option value="(\d+)"', select.group(1))]


def test_premier_affichage_n_offre_que_les_services_actifs_de_l_organisme(
    client_de, agent, organisme, autre_organisme
):
    a = ServiceFactory(nom="Accueil", organisme=organisme)
    ServiceFactory(nom="Ancien", organisme=organisme, actif=False)
    ServiceFactory(nom="Ailleurs", organisme=autre_organisme)
    reponse = client_de(agent).get(NOUVELLE, {"organisme": organisme.pk})
    assert options(reponse, "services-0-service") == [a.pk]
    assert options(reponse, "services-1-service") == [a.pk]


@pytest.mark.parametrize("organisme_param", [None, "abc", "999999"])
def test_sans_organisme_choisi_le_dit_au_lieu_de_tout_lister(
    client_de, agent, organisme, organisme_param
):
    ServiceFactory(nom="Accueil", organisme=organisme)
    params = {"organisme": organisme_param} if organisme_param else {}
    reponse = client_de(agent).get(NOUVELLE, params)
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert 'name="services-0-service"' not in contenu
    assert "Choisissez d'abord l'organisme" in contenu
    assert 'name="_actualiser"' in contenu


def test_afficher_ses_services_redessine_sans_enregistrer(
    client_de,
    agent,
    organisme,
    programme,  # noqa: F811
):
    a = ServiceFactory(nom="Accueil", organisme=organisme)
    donnees = donnees_formulaire(organisme, programme, agent, _actualiser="services")
    reponse = client_de(agent).post(NOUVELLE, donnees)
    assert reponse.status_code == 200
    assert not Subvention.objects.exists()
    assert options(reponse, "services-0-service") == [a.pk]
    assert "resume-erreurs" not in reponse.content.decode()


def test_choisir_un_service_de_l_organisme_passe(client_de, agent, organisme, programme):  # noqa: F811
    a = ServiceFactory(nom="Accueil", organisme=organisme)
    donnees = donnees_formulaire(
        organisme,
        programme,
        agent,
        **{
            "services-0-service": a.pk,
            "services-0-participants_cibles": "10",
            "services-0-montant": "1000",
        },
    )
    reponse = client_de(agent).post(NOUVELLE, donnees)
    assert reponse.status_code == 302, reponse.context["services_finances"].errors
    assert Subvention.objects.get().services_finances.get().service == a


def _donnees_page(reponse, **autres):
    """What a browser would post back from the rendered form (fields outside <template>)."""
    html = re.sub(r"<template.*?</template>", "", reponse.content.decode(), flags=re.S)
    html = html[html.index('<form method="post" novalidate>') :]
    donnees = {}
    for nom, valeur in re.findall(
        r'<input type="(?:text|hidden|number|date)" name="([^"]+)"(?: value="([^"]*)")?', html
    ):
        donnees[nom] = unescape(valeur)
    for nom, corps in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        choisi = re.search(r'<option value="([^"]*)" selected', corps)
        donnees[nom] = choisi.group(1) if choisi else ""
    for nom, corps in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        donnees[nom] = unescape(corps.strip())
    donnees.pop("csrfmiddlewaretoken", None)
    donnees.update(autres)
    return donnees


def test_service_desactive_deja_finance_reste_modifiable(client_de, agent, organisme):
    ancien = ServiceFactory(nom="Ancien", organisme=organisme)
    actif = ServiceFactory(nom="Actif", organisme=organisme)
    ServiceFactory(nom="Autre inactif", organisme=organisme, actif=False)
    s = SubventionFactory(agent=agent, organisme=organisme, montant_accorde=Decimal("0"))
    ServiceFinanceFactory(subvention=s, service=ancien, montant=Decimal("100"))
    ancien.actif = False
    ancien.save()
    client = client_de(agent)
    page = client.get(f"/subventions/{s.pk}/modifier/")
    assert sorted(options(page, "services-0-service")) == sorted([ancien.pk, actif.pk])
    assert "Ancien (inactif)" in page.content.decode()
    reponse = client.post(f"/subventions/{s.pk}/modifier/", _donnees_page(page))
    assert reponse.status_code == 302, reponse.context["services_finances"].errors
    assert s.services_finances.get().service == ancien


def test_ajouter_une_ligne_sans_javascript_ne_perd_rien(
    client_de,
    agent,
    organisme,
    programme,  # noqa: F811
):
    a = ServiceFactory(nom="Accueil", organisme=organisme)
    client = client_de(agent)
    donnees = donnees_formulaire(
        organisme,
        programme,
        agent,
        titre="Parents & enfants",
        montant_accorde="",
        **{
            "repartition-0-montant": "",
            "repartition-2-exercice": "2026",
            "services-0-service": a.pk,
            "services-0-participants_cibles": "12",
            "_ajouter": "repartition",
        },
    )
    reponse = client.post(NOUVELLE, donnees)
    assert reponse.status_code == 200
    assert not Subvention.objects.exists()
    contenu = reponse.content.decode()
    assert "resume-erreurs" not in contenu and "Ce champ est obligatoire" not in contenu
    assert reponse.context["repartitions"].total_form_count() == 4
    assert 'id="repartition-ligne-3"' in contenu
    assert reponse.context["services_finances"].total_form_count() == 2
    apres = _donnees_page(reponse)
    assert apres["repartition-TOTAL_FORMS"] == "4"
    assert apres["titre"] == "Parents & enfants"
    assert apres["repartition-0-exercice"] == apres["repartition-2-exercice"] == "2026"
    assert apres["services-0-service"] == str(a.pk)
    assert apres["services-0-participants_cibles"] == "12"
    assert "DELETE" not in contenu  # only empty (extra) lines: no "Supprimer" box

    # The button aims at the line it will add; the browser's next submit saves it all.
    assert 'formaction="#repartition-ligne-4"' in contenu
    apres.update(
        {
            "montant_accorde": "40 000,00",
            "repartition-0-exercice": "",
            "repartition-2-exercice": "",
            "repartition-3-exercice": "2026",
            "repartition-3-montant": "40 000,00",
            "services-0-montant": "1 000",
        }
    )
    reponse = client.post(NOUVELLE, apres)
    assert reponse.status_code == 302, reponse.context["repartitions"].errors
    s = Subvention.objects.get()
    assert s.titre == "Parents & enfants"
    assert [(r.exercice, r.montant) for r in s.repartitions.all()] == [(2026, Decimal("40000"))]


def test_pas_plus_de_lignes_que_le_plafond(client_de, agent, organisme, programme):  # noqa: F811
    donnees = donnees_formulaire(
        organisme, programme, agent, _ajouter="repartition", **{"repartition-TOTAL_FORMS": "10"}
    )
    reponse = client_de(agent).post(NOUVELLE, donnees)
    assert reponse.context["repartitions"].total_form_count() == 10
    assert 'data-ajouter-ligne="repartition"' not in reponse.content.decode()
    assert 'data-ajouter-ligne="services"' in reponse.content.decode()


@pytest.mark.parametrize("total", ["abc", "-5", ""])
def test_ajout_avec_formulaire_de_gestion_abime(client_de, agent, organisme, programme, total):  # noqa: F811
    donnees = donnees_formulaire(
        organisme, programme, agent, _ajouter="services", **{"services-TOTAL_FORMS": total}
    )
    assert client_de(agent).post(NOUVELLE, donnees).status_code == 200
    assert not Subvention.objects.exists()


def test_supprimer_seulement_sur_les_lignes_existantes(client_de, agent, organisme):
    s = SubventionFactory(agent=agent, organisme=organisme)
    ServiceFinanceFactory(subvention=s)
    contenu = client_de(agent).get(f"/subventions/{s.pk}/modifier/").content.decode()
    contenu = re.sub(r"<template.*?</template>", "", contenu, flags=re.S)
    assert 'name="services-0-DELETE"' in contenu
    assert 'name="services-1-DELETE"' not in contenu
    assert re.findall(r'name="([^"]*-DELETE)"', contenu) == ["services-0-DELETE"]


def test_modele_de_ligne_pour_javascript(client_de, agent, organisme):
    reponse = client_de(agent).get(NOUVELLE, {"organisme": organisme.pk})
    contenu = reponse.content.decode()
    for prefixe in ("repartition", "services"):
        modele = re.search(rf'<template id="{prefixe}-modele">(.*?)</template>', contenu, re.S)
        assert modele and f'name="{prefixe}-__prefix__-montant"' in modele.group(1)
        assert 'id="' + prefixe + '-ligne-__prefix__"' in modele.group(1)
        assert f'data-ajouter-ligne="{prefixe}"' in contenu
    assert '<script src="/static/js/formulaires.js" defer></script>' in contenu
    assert "<script>" not in contenu  # the CSP forbids inline scripts


def test_resume_des_erreurs_lie_chaque_champ_en_erreur(
    client_de,
    agent,
    organisme,
    programme,  # noqa: F811
):
    donnees = donnees_formulaire(
        organisme,
        programme,
        agent,
        titre="",
        **{"repartition-0-exercice": "1999", "repartition-1-montant": "12"},
    )
    contenu = client_de(agent).post(NOUVELLE, donnees).content.decode()
    resume = re.search(r'<div class="resume-erreurs"(.*?)</div>', contenu, re.S).group(0)
    assert 'tabindex="-1"' in resume and 'id="resume-erreurs"' in resume and "<h2>" in resume
    assert 'href="#id_titre"' in resume
    assert 'href="#id_repartition-0-exercice"' in resume
    assert 'href="#id_repartition-1-exercice"' in resume
    assert "Répartition par exercice, ligne 1, Exercice" in resume
    for cible in re.findall(r'href="#([^"]+)"', resume):
        assert f'id="{cible}"' in contenu, cible


def test_le_script_met_le_focus_sur_le_resume():
    script = (settings.BASE_DIR / "static" / "js" / "formulaires.js").read_text()
    assert 'getElementById("resume-erreurs")' in script and ".focus()" in script


def test_organisme_sans_service_actif_le_dit(client_de, agent, organisme):
    ServiceFactory(nom="Ancien", organisme=organisme, actif=False)
    contenu = client_de(agent).get(NOUVELLE, {"organisme": organisme.pk}).content.decode()
    assert "n'a aucun service actif" in contenu
    ServiceFactory(nom="Accueil", organisme=organisme)
    contenu = client_de(agent).get(NOUVELLE, {"organisme": organisme.pk}).content.decode()
    assert "n'a aucun service actif" not in contenu


def test_cibles_par_statut_defilent_sans_arret_de_tabulation(client_de, agent, organisme):
    """The targets-by-status grid scrolls in a region named by its caption; its cells are fields,
    so the region takes no tab stop of its own (one Tab fewer per funded line)."""
    s = SubventionFactory(agent=agent, organisme=organisme)
    ServiceFinanceFactory(subvention=s)
    contenu = client_de(agent).get(f"/subventions/{s.pk}/modifier/").content.decode()
    contenu = re.sub(r"<template.*?</template>", "", contenu, flags=re.S)
    region = re.search(
        r'<div class="table-defilante"([^>]*)><table class="table cibles-statut">', contenu
    )
    assert region, "grille des cibles hors d'une région défilante"
    assert 'role="region"' in region.group(1) and "tabindex" not in region.group(1)
    nom = re.search(r'aria-labelledby="([^"]+)"', region.group(1)).group(1)
    assert f'<caption id="{nom}">' in contenu
