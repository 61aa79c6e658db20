"""Charts drawn on the server as inline SVG: horizontal bars, no script, no library.

Each chart is an image with a title and a description (`role="img"`); its numbers are also in
the table the page puts beside it. The bars' colours have at least 3:1 contrast with the white
background, and every bar carries its value in words (and its series' name when there are
several), so that nothing relies on colour.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from noyau.formats import MOINS, NBSP

LARGEUR = 320
MARGE_VALEUR = 150  # room at the end of the longest bar for its value
TAILLE_TEXTE = 16
HAUTEUR_TEXTE = 22
HAUTEUR_BARRE = 18
ECART = 10
TEXTE = "#1a1a1a"
# Drawn at 320 units wide and never shown narrower than 288 px (a 320 px screen less its
# margins), the 16-unit text is never smaller than 14 px on screen (12 px is the floor).
# Dark blue, brown, dark green: each ≥ 6:1 against white.
COULEURS = ("#1f4e79", "#8a4b00", "#2e6b30")
LIBELLE_MAX = 40


def montant_compact(valeur, langue=None) -> str:
    """`6 M$`, `1,2 M$`, `850 k$`, `900 $` (the compact charts' convention, domain.md); in
    English, like the money beside it (`$857,207.00`): `$6M`, `$1.2M`, `$850K`, `$900`."""
    anglais = (langue or get_language() or "").lower().startswith("en")
    valeur = Decimal(valeur or 0)
    signe = MOINS if valeur < 0 else ""
    valeur = abs(valeur)
    for seuil, fr, en in ((Decimal("1000000"), "M$", "M"), (Decimal("1000"), "k$", "K")):
        if valeur >= seuil:
            nombre = (valeur / seuil).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            texte = f"{nombre:f}".removesuffix(".0")
            if anglais:
                return f"{signe}${texte}{en}"
            return f"{signe}{texte.replace('.', ',')}{NBSP}{fr}"
    entier = valeur.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    if anglais:
        return f"{signe}${entier:,}"
    return f"{signe}{entier}{NBSP}$"


def nombre(valeur) -> str:
    """A count with the active language's thousands separator: `1 385`, `1,385`."""
    return number_format(valeur or 0, force_grouping=True)


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
    # Written with f-strings and one escape per text (as format_html would): numbers need
    # none, and format_html's per-argument checks cost more than the drawing (8 ms of the
    # dashboard's 14).
    elements = []
    y = 0
    for libelle, valeurs in lignes:
        y += HAUTEUR_TEXTE
        elements.append(
            f'<text x="0" y="{y - 4}" fill="{TEXTE}">{conditional_escape(_court(libelle))}</text>'
        )
        for i, valeur in enumerate(valeurs):
            longueur = max(int(Decimal(valeur) * echelle), 0) if valeur else 0
            texte = formater(valeur)
            if series[i]:
                texte = f"{series[i]} {texte}"
            elements.append(
                f'<rect x="0" y="{y}" width="{longueur}" height="{HAUTEUR_BARRE}" '
                f'fill="{COULEURS[i % len(COULEURS)]}"></rect>'
                f'<text x="{longueur + 4}" y="{y + HAUTEUR_BARRE - 2}" fill="{TEXTE}">'
                f"{conditional_escape(texte)}</text>"
            )
            y += HAUTEUR_BARRE + 3
        y += ECART
    hauteur = max(y, HAUTEUR_TEXTE)
    return format_html(
        '<svg class="graphique" role="img" aria-labelledby="{0}-titre {0}-desc" '
        'viewBox="0 0 {1} {2}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'font-size="{6}" font-family="sans-serif" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{0}-titre">{3}</title><desc id="{0}-desc">{4}</desc>{5}</svg>',
        ident,
        LARGEUR,
        hauteur,
        titre,
        _("Les valeurs du graphique sont dans le tableau qui l'accompagne."),
        mark_safe("".join(elements)),  # noqa: S308 - each text escaped above
        TAILLE_TEXTE,
    )
