"""Charts drawn on the server as inline SVG: horizontal bars, no script, no library.

Each chart is an image with a title and a description (`role="img"`); its numbers are also in
the table the page puts beside it. The bars' colours have at least 3:1 contrast with the white
background, and every bar carries its value in words (and its series' name when there are
several), so that nothing relies on colour.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from noyau.formats import MOINS, NBSP

LARGEUR = 320
MARGE_VALEUR = 125  # room at the end of the longest bar for its value
HAUTEUR_TEXTE = 20
HAUTEUR_BARRE = 16
ECART = 10
TEXTE = "#1a1a1a"
# Drawn at 320 units wide: on a 320 px screen the text stays near its 14 px size.
# Dark blue, brown, dark green: each ≥ 6:1 against white.
COULEURS = ("#1f4e79", "#8a4b00", "#2e6b30")
LIBELLE_MAX = 40


def montant_compact(valeur) -> str:
    """`6 M$`, `1,2 M$`, `850 k$`, `900 $` (the compact charts' convention, domain.md)."""
    valeur = Decimal(valeur or 0)
    signe = MOINS if valeur < 0 else ""
    valeur = abs(valeur)
    for seuil, unite in ((Decimal("1000000"), "M$"), (Decimal("1000"), "k$")):
        if valeur >= seuil:
            nombre = (valeur / seuil).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            texte = f"{nombre:f}".removesuffix(".0").replace(".", ",")
            return f"{signe}{texte}{NBSP}{unite}"
    return f"{signe}{valeur.quantize(Decimal('1'), rounding=ROUND_HALF_UP)}{NBSP}$"


def _court(libelle):
    libelle = str(libelle)
    return libelle if len(libelle) <= LIBELLE_MAX else libelle[: LIBELLE_MAX - 1] + "…"


def barres_horizontales(*, ident, titre, lignes, series=None, formater=montant_compact):
    """`lignes`: [(libellé, [valeur par série])]; `series`: the series' names when there are
    several (written before each bar's value). Values below zero or missing are drawn as empty
    bars."""
    series = series or [""]
    maximum = max((v or 0 for _l, valeurs in lignes for v in valeurs), default=0) or 1
    echelle = Decimal(LARGEUR - MARGE_VALEUR) / Decimal(maximum)
    elements = []
    y = 0
    for libelle, valeurs in lignes:
        y += HAUTEUR_TEXTE
        elements.append(
            format_html('<text x="0" y="{}" fill="{}">{}</text>', y - 4, TEXTE, _court(libelle))
        )
        for i, valeur in enumerate(valeurs):
            longueur = max(int(Decimal(valeur) * echelle), 0) if valeur else 0
            texte = formater(valeur)
            if series[i]:
                texte = f"{series[i]} {texte}"
            elements.append(
                format_html(
                    '<rect x="0" y="{}" width="{}" height="{}" fill="{}"></rect>'
                    '<text x="{}" y="{}" fill="{}">{}</text>',
                    y,
                    longueur,
                    HAUTEUR_BARRE,
                    COULEURS[i % len(COULEURS)],
                    longueur + 4,
                    y + HAUTEUR_BARRE - 2,
                    TEXTE,
                    texte,
                )
            )
            y += HAUTEUR_BARRE + 3
        y += ECART
    hauteur = max(y, HAUTEUR_TEXTE)
    return format_html(
        '<svg class="graphique" role="img" aria-labelledby="{0}-titre {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'font-size="14" font-family="sans-serif" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-titre">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        ident,
        LARGEUR,
        hauteur,
        titre,
        _("Les valeurs du graphique sont dans le tableau qui l'accompagne."),
        format_html_join("", "{}", ((e,) for e in elements)),
    )
