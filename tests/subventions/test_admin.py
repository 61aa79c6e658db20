from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from subventions.models import Subvention
from tests.factories import (
    EnveloppeFactory,
    MembreFactory,
    RepartitionFactory,
    ServiceFactory,
    ServiceFinanceFactory,
    SubventionFactory,
)


def test_enveloppe_pas_sous_l_engage(db):
    enveloppe = EnveloppeFactory(montant=Decimal("100000"))
    s = SubventionFactory(programme=enveloppe.programme, statut=Subvention.Statut.APPROUVEE)
    RepartitionFactory(subvention=s, exercice=enveloppe.exercice, montant=Decimal("40000"))
    enveloppe.montant = Decimal("39999.99")
    with pytest.raises(ValidationError, match="engagent déjà"):
        enveloppe.full_clean()
    enveloppe.montant = Decimal("40000")
    enveloppe.full_clean()


def test_admin_rattache_un_partenaire_et_protege_les_services(client, administrateur):
    client.force_login(administrateur)
    membre = MembreFactory()
    assert client.get("/admin/organismes/membre/").status_code == 200
    assert client.get(f"/admin/organismes/membre/{membre.pk}/change/").status_code == 200
    assert client.get("/admin/organismes/organisme/add/").status_code == 403
    service = ServiceFactory()
    ServiceFinanceFactory(service=service, subvention__organisme=service.organisme)
    page = client.get(f"/admin/catalogue/serviceintegration/{service.pk}/change/")
    assert page.status_code == 200
    assert 'name="organisme"' not in page.content.decode()


# Written by hand from domain.md ("Roles": never money): what the admin may never write, even for
# a superuser. Any model with a Decimal field (money is Decimal) counts too, so a new one is
# covered the day it is registered.
ARGENT = {
    "subventions.enveloppe",
    "subventions.subvention",
    "subventions.repartition",
    "subventions.repartitionavenant",
    "subventions.avenant",
    "subventions.derogationenveloppe",
    "subventions.servicefinance",
    "versements.versement",
    "versements.lotpaiement",
    "reddition.depense",
}


def porte_de_l_argent(modele):
    from django.db import models

    return modele._meta.label_lower in ARGENT or any(
        isinstance(champ, models.DecimalField) for champ in modele._meta.get_fields()
    )


def champ_d_argent(modele, nom):
    """An amount, or a link that would move money from one record to another."""
    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    try:
        champ = modele._meta.get_field(nom)
    except FieldDoesNotExist:
        return nom.startswith("montant")
    if isinstance(champ, models.DecimalField):
        return True
    return champ.is_relation and champ.many_to_one and porte_de_l_argent(champ.related_model)


# Building every admin's form wakes Django 6's URLField warning (Organisme.site_web): not ours.
@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango60Warning")
@pytest.mark.parametrize("qui", ["administrateur", "superutilisateur"])
def test_l_administration_n_ecrit_jamais_l_argent(db, rf, request, qui):
    """Every admin page and inline of the registry: money is never added, changed or deleted
    there, and no editable form field carries an amount (the managers' screens are the way)."""
    from django.contrib import admin

    requete = rf.get("/admin/")
    requete.user = request.getfixturevalue(qui)
    vus = []
    for modele, modele_admin in admin.site._registry.items():
        instances = [modele_admin, *modele_admin.get_inline_instances(requete)]
        for page in instances:
            if porte_de_l_argent(page.model):
                vus.append(page.model._meta.label_lower)
                ecrit = (
                    page.has_add_permission(requete, None)
                    if page is not modele_admin
                    else page.has_add_permission(requete),
                    page.has_change_permission(requete),
                    page.has_delete_permission(requete),
                )
                assert ecrit == (False, False, False), f"{page} écrit {page.model}"
        champs = modele_admin.get_form(requete).base_fields
        monetaires = [nom for nom in champs if champ_d_argent(modele, nom)]
        assert not monetaires, f"{modele_admin}: {monetaires}"
    assert "subventions.enveloppe" in vus  # the programme's envelopes are listed, read-only


@pytest.mark.parametrize("qui", ["administrateur", "superutilisateur"])
def test_l_enveloppe_ne_change_pas_dans_l_administration(db, client, request, qui):
    """The reported case: an envelope set from 1.1 M$ to 99 M$ in /admin/ with no reason."""
    from subventions.models import Enveloppe

    enveloppe = EnveloppeFactory(montant=Decimal("1100000"))
    programme = enveloppe.programme
    client.force_login(request.getfixturevalue(qui))
    url = f"/admin/subventions/programme/{programme.pk}/change/"
    page = client.get(url).content.decode()
    assert "1100000" in page or "1 100 000" in page or "1\u00a0100\u00a0000" in page
    assert 'name="enveloppes-0-montant"' not in page
    assert 'name="enveloppes-0-DELETE"' not in page
    historique = enveloppe.history.count()
    donnees = {
        "nom": programme.nom,
        "code": programme.code,
        "source_financement": programme.source_financement,
        "actif": "on",
        "enveloppes-TOTAL_FORMS": "2",
        "enveloppes-INITIAL_FORMS": "1",
        "enveloppes-0-id": enveloppe.pk,
        "enveloppes-0-programme": programme.pk,
        "enveloppes-0-exercice": "2026",
        "enveloppes-0-montant": "99000000",
        "enveloppes-0-DELETE": "on",
        "enveloppes-1-programme": programme.pk,
        "enveloppes-1-exercice": "2027",
        "enveloppes-1-montant": "99000000",
    }
    client.post(url, donnees)
    enveloppe.refresh_from_db()
    assert enveloppe.montant == Decimal("1100000")
    assert list(Enveloppe.objects.filter(programme=programme)) == [enveloppe]
    assert enveloppe.history.count() == historique
