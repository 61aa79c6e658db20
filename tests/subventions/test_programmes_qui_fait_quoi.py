"""The programmes page says who does what, as the rules have it: managers set each exercice's
envelope, administrators manage the programmes."""

from html import unescape

from noyau.permissions import peut


def test_la_page_dit_qui_fixe_les_enveloppes(client_de, gestionnaire, administrateur):
    page = unescape(client_de(gestionnaire).get("/subventions/programmes/").content.decode())
    assert "Les gestionnaires fixent l'enveloppe de chaque exercice" in page
    assert "les administrateurs créent et modifient les programmes" in page
    assert "enveloppes par exercice sont tenus par les administrateurs" not in page
    assert peut(gestionnaire, "subventions.fixer_enveloppe", None)
    assert not peut(administrateur, "subventions.fixer_enveloppe", None)
