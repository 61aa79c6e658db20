"""The payment batch workbook sent to the city's finance system (openpyxl)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from noyau.exports import _cellule, reponse_classeur
from noyau.formats import XLSX_MONEY_FORMAT

from .selectors import lignes_du_lot


def classeur_lot(lot):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=str(_("Lot de paiement"))[:31])
    ws.freeze_panes = "A2"
    entetes = [
        _("Organisme"),
        _("NEQ"),
        _("Subvention"),
        _("Versement"),
        _("Montant"),
        _("Résolution"),
    ]
    for col in range(1, len(entetes) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 24
    titres = []
    for texte in entetes:
        cell = WriteOnlyCell(ws, value=str(texte))
        cell.font = Font(bold=True)
        titres.append(cell)
    ws.append(titres)
    n = 0
    for v in lignes_du_lot(lot=lot).iterator(chunk_size=2000):
        s = v.subvention
        montant = WriteOnlyCell(ws, value=v.montant)
        montant.number_format = XLSX_MONEY_FORMAT
        ws.append(
            [
                _cellule(ws, str(s.organisme)),
                _cellule(ws, s.organisme.neq),
                _cellule(ws, s.numero),
                v.rang,
                montant,
                _cellule(ws, s.numero_resolution),
            ]
        )
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(entetes))}{n + 1}"
    return wb


def reponse_lot(lot):
    nom = f"lot-paiement-{lot.pk}-{lot.cree_le.date().isoformat()}.xlsx"
    return reponse_classeur(classeur_lot(lot), nom)
