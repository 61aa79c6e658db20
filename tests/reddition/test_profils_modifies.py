"""The work queue lists the organisations that changed their own profile in the last 30 days,
whoever of their partner users did it, and not the changes made by the staff."""

import datetime

import pytest
from django.utils import timezone

from organismes import services
from organismes.models import Contact, Organisme
from tests.factories import ContactFactory, OrganismeFactory

pytestmark = pytest.mark.django_db
TITRE = "Profils modifiés par les organismes ces 30 derniers jours"


def section(page):
    debut = page.find(TITRE)
    return page[debut : page.find("</section>", debut)] if debut >= 0 else ""


def test_l_agent_voit_les_profils_modifies_par_les_organismes(
    client, agent, partenaire, organisme, autre_organisme
):
    services.organisme_modifier_profil(
        organisme=organisme, par=partenaire, version=organisme.version, mission="Nouvelle"
    )
    # A change by the staff is not the organisation's.
    services.organisme_modifier(
        organisme=autre_organisme, par=agent, version=None, mission="Par l'agent"
    )
    client.force_login(agent)
    page = client.get("/travail/").content.decode().replace("&#x27;", "'")
    partie = section(page)
    assert str(organisme) in partie and f'href="/organismes/{organisme.pk}/"' in partie
    assert str(autre_organisme) not in partie
    liste = client.get("/travail/profils-modifies/").content.decode().replace("&#x27;", "'")
    assert str(organisme) in liste and str(autre_organisme) not in liste
    export = client.get("/travail/profils-modifies/", {"_export": "csv"})
    assert b"".join(export.streaming_content).decode().count("\n") == 2


def test_contacts_et_documents_comptent_et_la_fenetre_est_de_30_jours(agent, partenaire, organisme):
    from reddition.travail import profils_modifies

    contact = services.contact_ajouter(organisme=organisme, par=partenaire, nom="Nouveau")
    assert list(profils_modifies(agent)) == [organisme]
    # Older than 30 days: no longer listed.
    Contact.history.filter(id=contact.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=31)
    )
    assert list(profils_modifies(agent)) == []
    Organisme.history.filter(id=organisme.pk).update(
        history_date=timezone.now() - datetime.timedelta(days=31)
    )
    ContactFactory(organisme=organisme)  # no author: not the organisation's change
    assert list(profils_modifies(agent)) == []


def test_requetes_bornees(client, agent, django_assert_max_num_queries):
    from tests.factories import MembreFactory

    def remplir(n):
        for _ in range(n):
            org = OrganismeFactory()
            membre = MembreFactory(organisme=org, user__roles=["partenaire"])
            services.contact_ajouter(organisme=org, par=membre.user, nom="X")

    client.force_login(agent)
    remplir(2)
    client.get("/travail/")
    with django_assert_max_num_queries(60) as petit:
        client.get("/travail/")
    remplir(12)
    with django_assert_max_num_queries(len(petit.captured_queries)):
        client.get("/travail/")
