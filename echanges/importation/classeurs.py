"""The workbooks an import hands out: the template to fill in, and the rows in error with an
"Erreurs" column saying, per cell, what is wrong."""

from collections import defaultdict

from django.utils.translation import gettext as _

from noyau.classeurs import Classeur

from .colonnes import COLONNES
from .lecture import FichierRefuse, lire


def _entete(ws, libelles, largeurs):
    ws.largeurs(largeurs)
    ws.figer(1)
    ws.ajouter(libelles, style="gras")


def modele() -> Classeur:
    """Sheet 1: the expected columns and one example row; sheet 2: what each column takes."""
    wb = Classeur()
    ws = wb.feuille(_("Subventions"))
    _entete(ws, [c.libelle for c in COLONNES], [30] * len(COLONNES))
    ws.ajouter([c.exemple for c in COLONNES])
    ws.mise_en_page(entete=0)
    aide = wb.feuille(_("Explications"))
    _entete(
        aide,
        [_("Colonne"), _("Obligatoire"), _("Contenu attendu"), _("Aussi reconnue sous")],
        [24, 12, 80, 50],
    )
    for c in COLONNES:
        valeurs = [c.libelle, _("Oui") if c.requise else _("Non"), c.aide, ", ".join(c.variantes)]
        aide.ajouter([str(v) for v in valeurs], style="a_la_ligne")
    aide.ajouter([])
    aide.ajouter(
        [
            _(
                "Les en-têtes sont reconnus sans égard aux accents, aux majuscules, aux "
                "espaces, aux points ni aux unités entre parenthèses; les autres colonnes "
                "sont ignorées. Rien n'est importé tant qu'une ligne contient une erreur."
            )
        ]
    )
    return wb


def erreurs(importation, fichier):
    """The file's rows that have errors, as read, after an "Erreurs" column saying, per cell,
    what is wrong, and the row's number in the file. Every cell is written by
    `noyau.classeurs`: a cell of the sender's file that looks like a formula goes back as text,
    never run."""
    par_ligne = defaultdict(list)
    for e in importation.erreurs:
        par_ligne[e["ligne"]].append(f"{e['colonne']}: {e['message']}")
    wb = Classeur()
    ws = wb.feuille(_("Erreurs"))
    ws.figer(1)
    try:
        tableau = lire(fichier, importation.nom_fichier)
    except FichierRefuse:
        tableau = None
    entetes = list(tableau.entetes) if tableau else []
    ws.largeurs([60, None, *(max(12, min(40, len(entete) + 4)) for entete in entetes)])
    ws.ajouter([_("Erreurs"), _("Ligne"), *entetes], style="gras")
    lignes = dict(tableau.lignes) if tableau else {}
    for numero in sorted(par_ligne):
        valeurs = list(lignes.get(numero, []))[: len(entetes)]
        # The errors' lines one under the other; the sender's cells as they were read.
        ws.ajouter(["\n".join(par_ligne[numero]), numero, *valeurs], style=["a_la_ligne"])
    return wb
