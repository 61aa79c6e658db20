"""The flowables documents are made of. Every text goes through `texte()`: a paragraph parses
markup, and an organisation called "Parents & enfants <b>" is a name, not markup."""

import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from noyau.formats import date_longue, format_money, nombre

from .coupure import Cellule
from .polices import GRAS, NORMAL
from .styles import BLEU, FOND_ENTETE, FOND_TOTAL, styles

VIDE = "—"
# reportlab sets each cell's font before drawing it, a paragraph's cell too: left to its default,
# Helvetica, every PDF would declare that font without embedding it.
POLICE_DES_CELLULES = ("FONTNAME", (0, 0), (-1, -1), NORMAL)


def formater(valeur) -> str:
    """A value as the documents write it: money `1 234 567,89 $`, counts `1 385`, dates
    `26 novembre 2026` (`1er décembre 2026`), moments `26 novembre 2026, 10 h 47`, nothing known
    `—` (an empty string stays empty: a blank cell of a totals row)."""
    if valeur is None:
        return VIDE
    if isinstance(valeur, Decimal):
        return format_money(valeur)
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        return nombre(valeur)
    if isinstance(valeur, datetime.datetime):
        return date_longue(valeur, "DATETIME_FORMAT")
    if isinstance(valeur, datetime.date):
        return date_longue(valeur)
    return str(valeur)


def texte(valeur) -> str:
    """`formater()`, escaped for a paragraph, line breaks kept."""
    return escape(formater(valeur)).replace("\n", "<br/>")


def paragraphe(valeur, style="base") -> Paragraph:
    return Paragraph(texte(valeur), styles()[style])


def titre(texte_titre, sous_titre=None) -> list:
    elements = [Paragraph(texte(texte_titre), styles()["titre"])]
    if sous_titre:
        elements.append(Paragraph(texte(sous_titre), styles()["sous_titre"]))
    return elements


def intertitre(valeur) -> Paragraph:
    return Paragraph(texte(valeur), styles()["intertitre"])


def fiche(paires, largeur_etiquette=55 * mm) -> Table:
    """Label / value pairs, like the web page's `<dl class="fiche">`."""
    s = styles()
    lignes = [
        [Cellule(formater(e), s["etiquette"]), Cellule(formater(None if v == "" else v), s["base"])]
        for e, v in paires
    ]
    table = Table(lignes, colWidths=[largeur_etiquette, None], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                POLICE_DES_CELLULES,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def tableau(entetes, lignes, *, largeurs=None, total=None) -> Table:
    """A table whose header row is repeated on every page it spans (`repeatRows=1`), its cells
    broken at spaces and after the hyphens of a long compound name, never inside a word
    (`coupure.py`).

    Decimal cells are money, aligned right (their column header too); `total` is an optional
    last row, in bold on a grey background, its label spanning the empty cells after it."""
    s = styles()
    lignes = [list(ligne) for ligne in lignes]
    # A column holding numbers is aligned right throughout ("à déterminer" in an amount column).
    nombres = {
        i
        for ligne in [*lignes, total or []]
        for i, v in enumerate(ligne)
        if isinstance(v, Decimal | int) and not isinstance(v, bool)
    }

    def rangee(valeurs, style_texte, style_nombre):
        return [
            Cellule(formater(v), s[style_nombre] if i in nombres else s[style_texte])
            for i, v in enumerate(valeurs)
        ]

    donnees = [rangee(entetes, "entete", "entete_nombre")]
    donnees += [rangee(ligne, "cellule", "cellule_nombre") for ligne in lignes]
    if total is not None:
        donnees.append(rangee(total, "entete", "entete_nombre"))
    table = Table(donnees, colWidths=largeurs, repeatRows=1, hAlign="LEFT")
    commandes = [
        POLICE_DES_CELLULES,
        ("BACKGROUND", (0, 0), (-1, 0), FOND_ENTETE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, BLEU),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#c8c8c8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if total is not None:
        commandes += [
            ("BACKGROUND", (0, -1), (-1, -1), FOND_TOTAL),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, BLEU),
        ]
        fin = 0
        while fin + 1 < len(total) and total[fin + 1] == "":
            fin += 1
        if fin:
            commandes.append(("SPAN", (0, -1), (fin, -1)))
    table.setStyle(TableStyle(commandes))
    return table


def vide(message) -> Paragraph:
    return Paragraph(texte(message), styles()["note"])


def espace(hauteur=4 * mm) -> Spacer:
    return Spacer(1, hauteur)


def cadre_signature(parties) -> KeepTogether:
    """One signature block per party (name, for whom, signature line, date), side by side, kept
    on one page."""
    s = styles()
    colonnes = []
    for partie, signataire in parties:
        colonnes.append(
            [
                Paragraph(texte(partie), s["etiquette"]),
                Paragraph(texte(signataire), s["base"]),
                Spacer(1, 16 * mm),
                Paragraph("_" * 38, s["base"]),
                Paragraph(texte(_("Signature")), s["note"]),
                Spacer(1, 6 * mm),
                Paragraph(texte(_("Date : ____________________")), s["base"]),
            ]
        )
    table = Table([colonnes], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, BLEU),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, BLEU),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, -1), GRAS),
            ]
        )
    )
    return KeepTogether([table])
