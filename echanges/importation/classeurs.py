"""The workbooks an import hands out: the template to fill in, and the rows in error with an
"Erreurs" column saying, per cell, what is wrong."""

from collections import defaultdict

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from noyau.exports import cellule, mise_en_page

from .colonnes import COLONNES
from .lecture import FichierRefuse, lire


def _entete(ws, libelles, largeurs=None):
    ws.append(libelles)
    for i, case in enumerate(ws[ws.max_row], start=1):
        case.font = Font(bold=True)
        largeur = (largeurs or {}).get(i) or max(12, min(40, len(str(case.value or "")) + 4))
        ws.column_dimensions[get_column_letter(i)].width = largeur
    ws.freeze_panes = "A2"


def modele():
    """Sheet 1: the expected columns and one example row; sheet 2: what each column takes."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Subventions")
    _entete(ws, [str(c.libelle) for c in COLONNES], {i: 30 for i in range(1, len(COLONNES) + 1)})
    ws.append([c.exemple for c in COLONNES])
    mise_en_page(ws)
    aide = wb.create_sheet(_("Explications"))
    _entete(aide, [_("Colonne"), _("Obligatoire"), _("Contenu attendu"), _("Aussi reconnue sous")])
    aide.column_dimensions["C"].width = 80
    aide.column_dimensions["D"].width = 50
    for c in COLONNES:
        variantes = sorted(n for n in c.noms if n != c.libelle.lower())
        aide.append(
            [str(c.libelle), _("Oui") if c.requise else _("Non"), str(c.aide), ", ".join(variantes)]
        )
        for case in aide[aide.max_row]:
            case.alignment = Alignment(wrap_text=True, vertical="top")
    aide.append([])
    aide.append(
        [
            _(
                "Les en-têtes sont reconnus sans égard aux accents, aux majuscules ni aux espaces; "
                "les autres colonnes sont ignorées. Rien n'est importé tant qu'une ligne contient "
                "une erreur."
            )
        ]
    )
    return wb


def erreurs(importation, fichier):
    """The file's rows that have errors, as read, followed by their "Erreurs" column."""
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
    ws.column_dimensions[get_column_letter(len(entetes) + 2)].width = 80
    ws.append([_("Ligne"), *entetes, _("Erreurs")])
    lignes = dict(tableau.lignes) if tableau else {}
    for numero in sorted(par_ligne):
        valeurs = list(lignes.get(numero, []))[: len(entetes)]
        valeurs += [None] * (len(entetes) - len(valeurs))
        # Cells read from the sender's file go back as data, never as formulas.
        ws.append([cellule(ws, v) for v in (numero, *valeurs, "\n".join(par_ligne[numero]))])
    return wb
