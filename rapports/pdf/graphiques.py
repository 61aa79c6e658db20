"""Charts drawn in the PDF with reportlab.graphics: vector shapes in the vendored font.

A chart is a picture to the reader of a PDF without tags: every chart is followed by the table
of its numbers (the document's job), and carries its values written on it, so that neither the
colours nor the bars' lengths are the only way to read it. The colours have at least 4.5:1
contrast with white (the dashboard's, rapports.graphiques, and three more). No label is smaller
than 9 pt (12 px)."""

from decimal import Decimal

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm

from rapports.graphiques import COULEURS, montant_compact

from .polices import GRAS, NORMAL, enregistrer_polices

PALETTE = [colors.HexColor(c) for c in (*COULEURS, "#6b2d5c", "#0f5f66", "#4a4a4a")]
TEXTE = colors.HexColor("#1a1a1a")
LIBELLE_MAX = 34


def _dessin(largeur, hauteur) -> Drawing:
    """A drawing whose initial font is the vendored one: reportlab's default (Helvetica) would
    be declared in the PDF without being embedded."""
    enregistrer_polices()
    dessin = Drawing(largeur, hauteur)
    dessin.initialFontName = NORMAL
    return dessin


def _court(libelle) -> str:
    libelle = str(libelle)
    return libelle if len(libelle) <= LIBELLE_MAX else libelle[: LIBELLE_MAX - 1] + "…"


def barres(*, lignes, largeur=160 * mm, hauteur=70 * mm, formater=montant_compact):
    """`lignes`: [(libellé, valeur)], one bar each in its own colour, its value on top. The
    chart's title is the heading above it, in the text."""
    dessin = _dessin(largeur, hauteur)
    valeurs = [float(Decimal(v or 0)) for _l, v in lignes]
    graphique = VerticalBarChart()
    graphique.x, graphique.y = 55, 30
    graphique.width, graphique.height = largeur - 75, hauteur - 45
    graphique.data = [valeurs]
    graphique.categoryAxis.categoryNames = [_court(libelle) for libelle, _v in lignes]
    graphique.categoryAxis.labels.fontName = NORMAL
    graphique.categoryAxis.labels.fontSize = 9
    graphique.categoryAxis.labels.fillColor = TEXTE
    graphique.valueAxis.valueMin = 0
    if not any(valeurs):
        graphique.valueAxis.valueMax = 1
    graphique.valueAxis.labels.fontName = NORMAL
    graphique.valueAxis.labels.fontSize = 9
    graphique.valueAxis.labelTextFormat = lambda v: formater(Decimal(str(v)))
    graphique.barLabelFormat = lambda v: formater(Decimal(str(v)))
    graphique.barLabels.fontName = GRAS
    graphique.barLabels.fontSize = 9
    graphique.barLabels.nudge = 6
    graphique.barWidth = 12
    graphique.bars.strokeColor = None
    for i in range(len(valeurs)):
        graphique.bars[(0, i)].fillColor = PALETTE[i % len(PALETTE)]
    dessin.add(graphique)
    return dessin


def secteurs(*, lignes, largeur=160 * mm, hauteur=70 * mm, formater=str):
    """`lignes`: [(libellé, valeur)], a pie with a legend that gives each slice's name and
    value in words; slices of zero are left out of the pie (the legend and table keep them)."""
    dessin = _dessin(largeur, hauteur)
    indices = [i for i, (_libelle, v) in enumerate(lignes) if v]
    diametre = min(hauteur - 10, largeur / 2 - 20)
    pie = Pie()
    pie.x, pie.y = 10, (hauteur - diametre) / 2
    pie.width = pie.height = diametre
    pie.data = [float(lignes[i][1]) for i in indices] or [1]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 1
    for n, i in enumerate(indices):
        pie.slices[n].fillColor = PALETTE[i % len(PALETTE)]
    if not indices:
        pie.slices[0].fillColor = colors.HexColor("#e6e6e6")
    dessin.add(pie)
    legende = Legend()
    legende.x, legende.y = diametre + 30, hauteur - 10
    legende.fontName = NORMAL
    legende.fontSize = 9
    legende.alignment = "right"
    legende.columnMaximum = 12
    legende.colorNamePairs = [
        (PALETTE[i % len(PALETTE)], f"{_court(libelle)} — {formater(v)}")
        for i, (libelle, v) in enumerate(lignes)
    ]
    dessin.add(legende)
    return dessin
