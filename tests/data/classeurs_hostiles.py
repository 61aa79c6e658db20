"""Hostile workbooks, each a few hundred kilobytes to a few megabytes on disk, written by
streaming their XML into the zip (never a 190 MB string in memory): one row of millions of cells,
shared strings inflating to 190 MB, a million rows without a `<dimension>`. Used by the import
tests and by `bench/importation.py`."""

import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "{textes}</Types>"
)
TYPE_TEXTES = (
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
CLASSEUR = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
LIENS_CLASSEUR = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
MO = 1024 * 1024


def _ecrire(zf, nom, morceaux):
    # force_zip64: the member may pass 2 GiB for all zipfile knows when it starts.
    with zf.open(nom, "w", force_zip64=False) as membre:
        for morceau in morceaux:
            membre.write(morceau if isinstance(morceau, bytes) else morceau.encode())


def _repete(motif: bytes, octets: int):
    bloc = motif * max(1, (MO // len(motif)))
    for _ in range(octets // len(bloc)):
        yield bloc


def classeur(chemin, feuille, textes=None, niveau=6):
    """An xlsx at `chemin` whose sheet1.xml (and sharedStrings.xml) are the iterables of text or
    bytes given, deflated at `niveau` (6, zlib's default, as the issue's files; 1 is five times
    faster and compresses such repetitions about 190 times instead of 500)."""
    with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED, compresslevel=niveau) as zf:
        _ecrire(zf, "[Content_Types].xml", [TYPES.format(textes=TYPE_TEXTES if textes else "")])
        _ecrire(zf, "_rels/.rels", [RELS])
        _ecrire(zf, "xl/workbook.xml", [CLASSEUR])
        _ecrire(zf, "xl/_rels/workbook.xml.rels", [LIENS_CLASSEUR])
        _ecrire(zf, "xl/worksheets/sheet1.xml", feuille)
        if textes is not None:
            _ecrire(zf, "xl/sharedStrings.xml", textes)
    return chemin


def _feuille(lignes):
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
    yield from lignes
    yield "</sheetData></worksheet>"


def rangee_sans_fin(chemin, octets=190 * MO, niveau=6):
    """(a) One `<row>` of `<c><v>1</v></c>` repeated to `octets`."""
    lignes = ['<row r="1">', *_repete(b"<c><v>1</v></c>", octets), "</row>"]
    return classeur(chemin, _feuille(lignes), niveau=niveau)


def textes_sans_fin(chemin, octets=190 * MO, niveau=6):
    """(b) A sharedStrings.xml of `octets` (short strings), one shared string in the sheet."""
    textes = [
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">',
        *_repete(b"<si><t>Organisme</t></si>", octets),
        "</sst>",
    ]
    feuille = _feuille(['<row r="1"><c r="A1" t="s"><v>0</v></c></row>'])
    return classeur(chemin, feuille, textes, niveau=niveau)


def _rangees(nombre):
    paquet = []
    for i in range(1, nombre + 1):
        paquet.append(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>')
        if len(paquet) == 10_000:
            yield "".join(paquet)
            paquet = []
    yield "".join(paquet)


def million_de_rangees(chemin, rangees=1_000_000, niveau=6):
    """(c) `rangees` rows of one number, no `<dimension>`."""
    return classeur(chemin, _feuille(_rangees(rangees)), niveau=niveau)
