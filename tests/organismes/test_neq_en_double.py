"""A NEQ already used names the organisation holding it, linked to its page for staff."""

import pytest
from django.utils.html import escape

from organismes.forms import OrganismeForm
from tests.factories import OrganismeFactory


def test_creation_nomme_et_lie_l_organisme_qui_a_deja_ce_neq(client_de, agent, organisme):
    reponse = client_de(agent).post(
        "/organismes/nouveau/",
        {
            "nom_legal": "Copie",
            "neq": f"{organisme.neq[:4]}-{organisme.neq[4:]}",
            "forme_juridique": "obnl",
        },
    )
    assert reponse.status_code == 200
    erreurs = reponse.context["form"].errors["neq"]
    lien = f'<a href="/organismes/{organisme.pk}/">{escape(organisme)}</a>'
    assert erreurs == [f"Ce NEQ est déjà celui de l'organisme {lien}."]
    contenu = reponse.content.decode()
    assert f'<a href="/organismes/{organisme.pk}/">{escape(organisme)}</a>' in contenu
    # The error summary links to the field: the organisation's name is there as text, no
    # link nested in a link.
    assert (
        f'<a href="#id_neq">NEQ\xa0: Ce NEQ est déjà celui de l\'organisme {escape(organisme)}.</a>'
        in contenu
    )


def test_modification_vers_un_neq_pris(client_de, agent, organisme, autre_organisme):
    reponse = client_de(agent).post(
        f"/organismes/{autre_organisme.pk}/modifier/",
        {
            "nom_legal": autre_organisme.nom_legal,
            "neq": organisme.neq,
            "forme_juridique": "obnl",
            "version": autre_organisme.version,
        },
    )
    assert reponse.status_code == 200
    assert f"/organismes/{organisme.pk}/" in reponse.context["form"].errors["neq"][0]
    autre_organisme.refresh_from_db()
    assert autre_organisme.neq != organisme.neq


def test_garder_son_propre_neq_n_est_pas_un_doublon(db, organisme):
    form = OrganismeForm(
        data={
            "nom_legal": organisme.nom_legal,
            "neq": organisme.neq,
            "forme_juridique": "obnl",
            "version": organisme.version,
        },
        instance=organisme,
    )
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_sans_droit_de_voir_le_nom_seulement_sans_lien():
    titulaire = OrganismeFactory(nom_legal="Titulaire & fils")
    form = OrganismeForm(
        data={"nom_legal": "Autre", "neq": titulaire.neq, "forme_juridique": "obnl"},
    )
    assert not form.is_valid()
    assert form.errors["neq"] == ["Ce NEQ est déjà celui de l'organisme « Titulaire & fils »."]
