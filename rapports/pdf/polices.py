"""The vendored font family (DejaVu Sans, static/fonts/dejavu-sans/, licence beside it).

The PDF standard fonts know only Latin-1: `œ`, the typographic minus and the narrow no-break
space would print as black boxes. DejaVu Sans has every glyph French typography uses."""

import functools
from pathlib import Path

from django.conf import settings
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILLE = "DejaVuSans"
DOSSIER = Path(settings.BASE_DIR) / "static" / "fonts" / "dejavu-sans"
FICHIERS = {
    (0, 0): ("DejaVuSans", "DejaVuSans.ttf"),
    (1, 0): ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
    (0, 1): ("DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf"),
    (1, 1): ("DejaVuSans-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
}
NORMAL, GRAS, ITALIQUE = FAMILLE, "DejaVuSans-Bold", "DejaVuSans-Oblique"


@functools.cache
def enregistrer_polices() -> str:
    """Registers the four faces once per process, mapped as one family so that `<b>` and `<i>`
    in a paragraph pick the right face; returns the family name."""
    for (gras, italique), (nom, fichier) in FICHIERS.items():
        pdfmetrics.registerFont(TTFont(nom, str(DOSSIER / fichier)))
        addMapping(FAMILLE, gras, italique, nom)
    return FAMILLE
