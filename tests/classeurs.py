"""Reading back the workbooks the application writes (openpyxl, as a spreadsheet user's
program would)."""

from openpyxl.utils import get_column_letter


def largeurs(ws) -> dict:
    """{column letter: width in characters}. A writer may give one width to a range of columns
    (`<col min="1" max="3">`), which openpyxl files under the first letter only; and Excel stores
    a width of N characters as N plus its cell padding (30 → 30.7109375), which is what a user
    sees as 30 in the spreadsheet: the whole characters are the width."""
    resultat = {}
    for dimension in ws.column_dimensions.values():
        if dimension.width is None or not dimension.customWidth:
            continue
        for i in range(dimension.min, dimension.max + 1):
            resultat[get_column_letter(i)] = int(dimension.width)
    return resultat
