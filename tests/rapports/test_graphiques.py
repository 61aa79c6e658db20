from decimal import Decimal

import pytest

from rapports.graphiques import COULEURS, barres_horizontales, montant_compact

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "valeur, attendu",
    [
        (Decimal("6000000"), f"6{NBSP}M$"),
        (Decimal("1234567.89"), f"1,2{NBSP}M$"),
        (Decimal("850000"), f"850{NBSP}k$"),
        (Decimal("900.40"), f"900{NBSP}$"),
        (Decimal("0"), f"0{NBSP}$"),
        (Decimal("-53408"), f"\u221253,4{NBSP}k$"),
        (None, f"0{NBSP}$"),
    ],
)
def test_montant_compact(valeur, attendu):
    assert montant_compact(valeur) == attendu


def luminance(hexa):
    def canal(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (canal(hexa[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("couleur", COULEURS)
def test_contraste_des_barres_sur_blanc(couleur):
    assert (1.05) / (luminance(couleur) + 0.05) >= 3


def test_barres_echappees_proportionnelles_et_nommees():
    svg = barres_horizontales(
        ident="g",
        titre="Titre <b>",
        lignes=[("A & B", [Decimal("100"), Decimal("50")]), ("C", [Decimal("0"), None])],
        series=["Enveloppe", "Versé"],
    )
    assert svg.startswith('<svg class="graphique" role="img" aria-labelledby="g-titre g-desc"')
    assert '<title id="g-titre">Titre &lt;b&gt;</title>' in svg
    assert "A &amp; B" in svg
    assert 'width="170"' in svg and 'width="85"' in svg  # the largest bar fills the width
    assert f"Enveloppe 100{NBSP}$" in svg and f"Versé 50{NBSP}$" in svg
    assert svg.count("<rect") == 4


def test_aucune_donnee():
    svg = barres_horizontales(ident="vide", titre="Rien", lignes=[])
    assert "<rect" not in svg and 'role="img"' in svg
