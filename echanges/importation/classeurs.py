"""The workbooks an import hands out: the template to fill in, and the rows in error with an
"Erreurs" column saying, per cell, what is wrong."""

from collections import defaultdict

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from noyau.exports import cellule, mise_en_page

from .colonnes import COLONNES
from .lecture import FichierRefuse, lire


def _entete(ws, libelles, largeurs):
    """Widths first (a write-only sheet takes them before any row), then the bold header."""
    for i, largeur in enumerate(largeurs, start=1):
        ws.column_dimensions[get_column_letter(i)].width = largeur
    ws.freeze_panes = "A2"
    ws.append([cellule(ws, v, gras=True) for v in libelles])


def modele():
    """Sheet 1: the expected columns and one example row; sheet 2: what each column takes.
    Write-only, every cell through `cellule` as in every workbook the application writes."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Subventions"))
    _entete(ws, [c.libelle for c in COLONNES], [30] * len(COLONNES))
    ws.append([cellule(ws, c.exemple) for c in COLONNES])
    mise_en_page(ws)
    aide = wb.create_sheet(_("Explications"))
    _entete(
        aide,
        [_("Colonne"), _("Obligatoire"), _("Contenu attendu"), _("Aussi reconnue sous")],
        [24, 12, 80, 50],
    )
    for c in COLONNES:
        valeurs = [c.libelle, _("Oui") if c.requise else _("Non"), c.aide, ", ".join(c.variantes)]
        aide.append([_a_la_ligne(aide, str(v)) for v in valeurs])
    aide.append([])
    aide.append(
        [
            cellule(
                aide,
                _(
                    "Les en-têtes sont reconnus sans égard aux accents, aux majuscules, aux "
                    "espaces, aux points ni aux unités entre parenthèses; les autres colonnes "
                    "sont ignorées. Rien n'est importé tant qu'une ligne contient une erreur."
                ),
            )
        ]
    )
    return wb


def erreurs(importation, fichier):
    """The file's rows that have errors, as read, after an "Erreurs" column saying, per cell,
    what is wrong, and the row's number in the file. Every cell, headers included, is written
    by `noyau.exports.cellule`: a cell of the sender's file that looks like a formula goes back
    as text, never run."""
    par_ligne = defaultdict(list)
    for e in importation.erreurs:
        par_ligne[e["ligne"]].append(f"{e['colonne']}: {e['message']}")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Erreurs"))
    ws.freeze_panes = "A2"
    try:
        tableau = lire(fichier, importation.nom_fichier)
    except FichierRefuse:
        tableau = None
    entetes = list(tableau.entetes) if tableau else []
    ws.column_dimensions["A"].width = 60
    for i, entete in enumerate(entetes, start=3):
        ws.column_dimensions[get_column_letter(i)].width = max(12, min(40, len(entete) + 4))
    ws.append([cellule(ws, v, gras=True) for v in (_("Erreurs"), _("Ligne"), *entetes)])
    lignes = dict(tableau.lignes) if tableau else {}
    for numero in sorted(par_ligne):
        valeurs = list(lignes.get(numero, []))[: len(entetes)]
        valeurs += [None] * (len(entetes) - len(valeurs))
        texte = _a_la_ligne(ws, "\n".join(par_ligne[numero]))
        ws.append([texte, *(cellule(ws, v) for v in (numero, *valeurs))])
    return wb


def _a_la_ligne(ws, texte):
    """`cellule`'s cell for `texte` (guarded against formulas), its lines shown one under the
    other."""
    case = cellule(ws, texte)
    if isinstance(case, str):
        case = WriteOnlyCell(ws, value=case)  # plain text: `cellule` found no formula in it
    case.alignment = Alignment(wrap_text=True, vertical="top")
    return case
