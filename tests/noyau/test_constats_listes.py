"""List pages read plainly: a yes/no filter left empty says "Tous", and a grant number never
wraps over two lines."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import OrganismeFactory, ProgrammeFactory, SubventionFactory


def _select_actif(contenu):
    return re.search(r'<select name="actif"[^>]*>(.*?)</select>', contenu, re.S).group(1)


@pytest.mark.parametrize("adresse", ["/organismes/", "/subventions/programmes/"])
def test_filtre_actif_vide_dit_tous(client_de, agent, adresse):
    select = _select_actif(client_de(agent).get(adresse).content.decode())
    assert re.search(r'<option value=""[^>]*selected[^>]*>Tous</option>', select)
    assert "Inconnu" not in select and "Unknown" not in select


def test_filtre_actif_filtre_encore(client_de, agent):
    OrganismeFactory(nom_legal="Organisme en activité", actif=True)
    OrganismeFactory(nom_legal="Organisme fermé", actif=False)
    client = client_de(agent)
    inactifs = client.get("/organismes/", {"actif": "false"}).content.decode()
    assert "Organisme fermé" in inactifs and "Organisme en activité" not in inactifs
    tous = client.get("/organismes/", {"actif": ""}).content.decode()
    assert "Organisme fermé" in tous and "Organisme en activité" in tous


def test_filtre_actif_des_programmes(client_de, agent):
    ProgrammeFactory(nom="Programme ouvert", actif=True)
    ProgrammeFactory(nom="Programme clos", actif=False)
    contenu = client_de(agent).get("/subventions/programmes/", {"actif": "true"}).content
    assert "Programme ouvert" in contenu.decode() and "Programme clos" not in contenu.decode()


def test_numero_de_subvention_sur_une_ligne(client_de, agent):
    SubventionFactory(numero="BINAM-2026-057")
    contenu = client_de(agent).get("/subventions/").content.decode()
    assert re.search(r'<td class="sans-coupure"><a href="[^"]+">BINAM-2026-057</a></td>', contenu)
    css = (Path(settings.BASE_DIR) / "static/css/binam.css").read_text()
    assert re.search(r"\.sans-coupure\s*\{\s*white-space:\s*nowrap;", css)


def test_numero_sur_une_ligne_sur_la_fiche_de_l_organisme(client_de, agent, organisme):
    SubventionFactory(numero="BINAM-2026-058", organisme=organisme)
    contenu = client_de(agent).get(f"/organismes/{organisme.pk}/").content.decode()
    assert 'class="sans-coupure"><a href="/subventions/' in contenu
