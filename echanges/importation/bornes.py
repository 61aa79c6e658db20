"""What an uploaded workbook may cost, checked before openpyxl opens it.

openpyxl builds a whole row before any row or column limit applies, and loads every shared
string at once: a 373 KB file whose one row holds millions of cells, or whose shared strings
inflate to 190 MB, took minutes and gigabytes. Here, the zip's members are checked first
(declared size and compression ratio), then the two parts openpyxl reads at length, the sheet
read and the shared strings, are streamed once, a block at a time, counting rows, cells and
strings, and the reading stops as soon as a limit is passed. Every other part openpyxl reads
(workbook, styles, relationships…) is small or refused.

openpyxl also builds every cell of a row, even the empty ones and those beyond the columns
read: a 3 MB file of 50,000 rows of 440 empty `<c/>` (91 MB of XML, compressed 30 times) took
43 s of processor per reading, and an import reads its file up to three times (preview,
confirmation, error workbook). The cells of the rows openpyxl reads are therefore counted too,
and their total bounded by what the import reads at most (`lecture`: 60 columns of 50,000 rows),
which costs about as much as the largest file the import accepts (25,000 rows of 60 numbers:
8 s).

The counting is done on the bytes (C-speed `bytes.count` and `split`), not with an XML parser:
on the shared 2-core machine, pyexpat with a Python callback per element took 12 s for a 43 MB
sheet, `bytes.count` 0.4 s. It is exact for what spreadsheet programs write: elements of the
main namespace, unprefixed or under a prefix the part declares for it (found as the stream goes).
Declared sizes may lie: bytes are counted as they are read, and zipfile itself stops at the
declared size (a longer member then fails its CRC: an unreadable file).
"""

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree import ElementTree

from django.utils.formats import number_format
from django.utils.translation import gettext as _

BLOC = 256 * 1024
# Excel itself writes no row of more than 16,384 cells (column XFD) nor a cell of more than
# 32,767 characters (~164 KB of escaped UTF-8): more bytes than that between two tags is no
# spreadsheet's work.
CELLULES_PAR_RANGEE_MAX = 16_384
SANS_BALISE_MAX = 256 * 1024
# A member over this size compressing more than RATIO_MAX times is a zip bomb: real sheets
# compress 5 to 20 times, a sheet of styled empty rows up to about 100 times.
RATIO_MAX = 200
RATIO_DES_QUE = 1024 * 1024
# The parts openpyxl parses whole (workbook, styles, relationships, properties…).
AUTRE_MAX = 10 * 1024 * 1024
MANIFESTE_MAX = 1024 * 1024  # content types and relationships, parsed here
FEUILLE_MAX = 100 * 1024 * 1024
TEXTES_MAX = 50 * 1024 * 1024
TEXTES_NB_MAX = 500_000
# Rows with a value allowed beyond `lignes_max`: the header and up to nine title rows above it.
ENTETE_AU_PLUS = 10
# Merged ranges kept (`lecture` names the merge of each cell it covers): one per row of the
# largest file accepted is already far more than a sheet of grants has.
FUSIONS_MAX = 25_000

NS_MAIN = (
    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
)
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
TYPES_CLASSEUR = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
)
TYPE_TEXTES = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# `xmlns:x="…main"`: a prefix under which the part names its rows and cells.
DECLARATION = re.compile(rb'xmlns:([A-Za-z_][\w.\-]*)\s*=\s*["\'](' + b"|".join(NS_MAIN) + rb")")
NUMERO_RANGEE = re.compile(rb'[^>]*?\sr\s*=\s*["\'](\d{1,9})["\']')


@dataclass
class Feuille:
    """The sheet an import reads: its part in the zip, its name, how many sheets the workbook
    has (the others are not read), whether it holds formulas (then `lecture` looks for the
    ones never computed), and its merged ranges ("B3:B7"): openpyxl's read-only mode does not
    read them, and the cells a merge covers then read as empty."""

    chemin: str
    nom: str
    nb_feuilles: int = 1
    formules: bool = False
    fusions: list = field(default_factory=list)


class ClasseurDemesure(Exception):
    """The workbook passes a limit; the message is for the user."""


def _nombre(n):
    return number_format(n, force_grouping=True)


def _anormal():
    return ClasseurDemesure(
        _(
            "Ce classeur Excel est anormal (une partie, une fois décompressée, est démesurée) : "
            "enregistrez-le de nouveau depuis votre tableur."
        )
    )


def _illisible():
    return ClasseurDemesure(
        _("Ce classeur Excel est illisible : enregistrez-le de nouveau au format .xlsx.")
    )


def examiner(fichier, *, lignes_max, rangees_max, cellules_max) -> Feuille:
    """The sheet to read; raises ClasseurDemesure unless the workbook `fichier` (a seekable
    binary file that `organismes.fichiers.verifier_fichier` accepted) stays within the limits
    above, with at most `lignes_max` (+ a header and title rows) non-empty rows in the sheet
    read, none of them below row `rangees_max`, and at most `cellules_max` cells, empty or not,
    in its rows up to `rangees_max`."""
    fichier.seek(0)
    try:
        with zipfile.ZipFile(fichier) as archive:
            infos = {i.filename: i for i in archive.infolist()}
            for info in infos.values():
                if info.file_size > RATIO_DES_QUE and (
                    info.file_size > RATIO_MAX * max(info.compress_size, 1)
                ):
                    raise _anormal()
            lue, feuilles, textes = _parties(archive, infos)
            feuille = lue.chemin
            for nom, info in infos.items():
                if nom in (feuille, textes) or nom in feuilles:
                    continue  # the other sheets: openpyxl does not read them (read-only mode)
                if info.file_size > AUTRE_MAX:
                    raise _anormal()
            if feuille not in infos:
                raise _illisible()
            if infos[feuille].file_size > FEUILLE_MAX:
                raise _anormal()
            if textes in infos:
                if infos[textes].file_size > TEXTES_MAX:
                    raise _anormal()
                _compter_textes(archive, textes)
            lue.formules, lue.fusions = _compter_feuille(
                archive, feuille, lignes_max, rangees_max, cellules_max
            )
            return lue
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error):
        raise _illisible() from None
    except (NotImplementedError, RuntimeError, ValueError, KeyError):
        raise _illisible() from None
    finally:
        fichier.seek(0)


def _xml(archive, infos, nom):
    info = infos.get(nom)
    if info is None or info.file_size > MANIFESTE_MAX:
        raise _illisible()
    with archive.open(info) as membre:
        octets = membre.read(MANIFESTE_MAX + 1)
    if len(octets) > MANIFESTE_MAX or b"<!DOCTYPE" in octets or b"<!ENTITY" in octets:
        raise _illisible()
    try:
        return ElementTree.fromstring(octets)
    except ElementTree.ParseError:
        raise _illisible() from None


def _parties(archive, infos):
    """(the sheet to read, every sheet, shared strings) as openpyxl finds them: the workbook
    part and the shared strings from the content types, the sheets from the workbook's
    relationships. The sheet to read is the one the workbook opens on (its active tab) when
    visible, else the first visible one: a hidden "Ancien" sheet first must not be imported
    instead of the sheet the officer sees."""
    types = _xml(archive, infos, "[Content_Types].xml")
    classeur, textes = None, None
    for o in types.iter(f"{CT}Override"):
        partie = (o.get("PartName") or "").lstrip("/")
        if o.get("ContentType") in TYPES_CLASSEUR and classeur is None:
            classeur = partie
        elif o.get("ContentType") == TYPE_TEXTES and textes is None:
            textes = partie
    classeur = classeur or "xl/workbook.xml"
    dossier, base = posixpath.split(classeur)
    liens = {
        r.get("Id"): r.get("Target") or ""
        for r in _xml(archive, infos, posixpath.join(dossier, "_rels", base + ".rels")).iter(
            f"{REL}Relationship"
        )
        # openpyxl's `worksheets` leave chart sheets out.
        if "chartsheet" not in (r.get("Type") or "")
    }

    def chemin(cible):
        if cible.startswith("/"):
            return posixpath.normpath(cible.lstrip("/"))
        return posixpath.normpath(posixpath.join(dossier, cible))

    racine = _xml(archive, infos, classeur)
    onglets = list(racine.iter(f"{MAIN}sheet"))  # activeTab counts chart sheets too
    vue = next(racine.iter(f"{MAIN}workbookView"), None)
    try:
        active = int(vue.get("activeTab", 0)) if vue is not None else 0
    except ValueError:
        active = 0
    feuilles = []  # (tab index, name, part, visible), worksheets only
    for index, s in enumerate(onglets):
        if s.get(R_ID) in liens and (partie := chemin(liens[s.get(R_ID)])) in infos:
            visible = s.get("state", "visible") == "visible"
            feuilles.append((index, s.get("name") or "", partie, visible))
    if not feuilles:
        raise _illisible()
    # openpyxl opens the sheet by its name (lecture): two sheets of one name (Excel forbids it,
    # ignoring case; a crafted file need not) would have the limits checked on one sheet and
    # the other one read.
    noms = [f[1].casefold() for f in feuilles]
    if len(set(noms)) < len(noms):
        raise ClasseurDemesure(
            _(
                "Deux feuilles de ce classeur portent le même nom : enregistrez-le de nouveau "
                "depuis votre tableur."
            )
        )
    visibles = [f for f in feuilles if f[3]] or feuilles
    lue = next((f for f in visibles if f[0] == active), visibles[0])
    return Feuille(lue[2], lue[1], len(feuilles)), {f[2] for f in feuilles}, textes


class _Flux:
    """A member's bytes a block at a time, each block cut after its last complete tag (the rest
    is carried to the next), counted against `plafond` whatever the zip declares, and refused
    when too many bytes pass without a tag (one cell, or one attribute, of megabytes)."""

    def __init__(self, archive, nom, plafond):
        self.archive, self.nom, self.plafond = archive, nom, plafond

    def __iter__(self):
        lus, reste, sans_balise = 0, b"", 0
        with self.archive.open(self.nom) as membre:
            while bloc := membre.read(BLOC):
                lus += len(bloc)
                if lus > self.plafond:
                    raise _anormal()
                bloc = reste + bloc
                fin = bloc.rfind(b"<")
                if fin < 0:
                    sans_balise += len(bloc)
                    reste = b""
                else:
                    sans_balise = len(bloc) - fin
                    bloc, reste = bloc[:fin], bloc[fin:]
                if sans_balise > SANS_BALISE_MAX:
                    raise _anormal()
                if b"<!DOCTYPE" in bloc or b"<!ENTITY" in bloc:
                    raise _illisible()
                yield bloc
        if reste:
            yield reste


class _Balises:
    """Start tags of the main namespace, unprefixed or under a prefix the part declared for it
    so far (`xmlns:x="…main"`): patterns rebuilt when a new prefix appears."""

    def __init__(self):
        self.prefixes = {b""}
        self._construire()

    def _construire(self):
        p = b"|".join(re.escape(x) for x in sorted(self.prefixes))
        self.rangee = re.compile(b"<(?:" + p + rb")row(?=[\s>/])")
        self.cellule = re.compile(b"<(?:" + p + rb")c(?=[\s>/])")
        self.valeur = re.compile(b"<(?:" + p + rb")(?:v|is)(?=[\s>/])")
        self.texte = re.compile(b"<(?:" + p + rb")si(?=[\s>/])")
        self.formule = re.compile(b"<(?:" + p + rb")f(?=[\s>/])")
        self.fusion = re.compile(
            b"<(?:" + p + rb")mergeCell\s[^>]*?(?<=\s)ref\s*=\s*[\"']([A-Za-z]{1,3}[0-9]{1,7}"
            rb":[A-Za-z]{1,3}[0-9]{1,7})[\"']"
        )

    def declarer(self, bloc):
        nouveaux = {m[1] + b":" for m in DECLARATION.finditer(bloc)} - self.prefixes
        if nouveaux:
            self.prefixes |= nouveaux
            self._construire()


def _compter_textes(archive, nom):
    balises = _Balises()
    nombre = 0
    for bloc in _Flux(archive, nom, TEXTES_MAX):
        balises.declarer(bloc)
        nombre += len(balises.texte.findall(bloc))
        if nombre > TEXTES_NB_MAX:
            raise ClasseurDemesure(
                _(
                    "Ce classeur contient plus de %(max)s textes différents : ne gardez que les "
                    "colonnes à importer, ou découpez-le en plusieurs fichiers."
                )
                % {"max": _nombre(TEXTES_NB_MAX)}
            )


def _compter_feuille(archive, nom, lignes_max, rangees_max, cellules_max):
    """At most CELLULES_PAR_RANGEE_MAX cells a row, and `cellules_max` in all the rows up to
    `rangees_max`; at most `lignes_max` + ENTETE_AU_PLUS rows holding a value (`<v>` or an
    inline string), none of them below row `rangees_max` (empty rows beyond are not read:
    `lecture` stops openpyxl there, so their cells are not counted). FEUILLE_MAX bounds the
    rest. Returns whether the sheet holds a formula, and its merged ranges (at most
    FUSIONS_MAX)."""
    balises = _Balises()
    formules = False
    fusions = []
    pleines = 0  # rows holding a value
    rangee = 0  # number of the current row
    cellules = 0  # cells of the current row so far
    total = 0  # cells of the rows up to `rangees_max`
    pleine = False  # the current row holds a value (counted)
    for bloc in _Flux(archive, nom, FEUILLE_MAX):
        balises.declarer(bloc)
        formules = formules or balises.formule.search(bloc) is not None
        if b"mergeCell" in bloc:  # after the rows (`<mergeCells>` follows `<sheetData>`)
            fusions += [m[1].decode("ascii").upper() for m in balises.fusion.finditer(bloc)]
            if len(fusions) > FUSIONS_MAX:
                raise ClasseurDemesure(
                    _(
                        "Le classeur compte plus de %(max)s plages de cellules fusionnées : "
                        "défusionnez-les avant de l'importer."
                    )
                    % {"max": _nombre(FUSIONS_MAX)}
                )
        # The first piece continues the row the previous block ended in; each other piece
        # starts a row, right after its `<row`.
        for i, morceau in enumerate(balises.rangee.split(bloc)):
            if i:
                m = NUMERO_RANGEE.match(morceau)
                rangee = int(m[1]) if m else rangee + 1
                cellules, pleine = 0, False
            nombre = len(balises.cellule.findall(morceau))
            cellules += nombre
            if rangee <= rangees_max:
                total += nombre
                if total > cellules_max:
                    raise ClasseurDemesure(
                        _(
                            "Le classeur compte plus de %(max)s cellules (vides ou non) dans "
                            "ses %(rangees)s premières rangées, la limite de l'importation : "
                            "supprimez les colonnes et les rangées inutiles, même vides (une "
                            "cellule mise en forme compte), ou découpez-le en plusieurs fichiers."
                        )
                        % {"max": _nombre(cellules_max), "rangees": _nombre(rangees_max)}
                    )
            if cellules > CELLULES_PAR_RANGEE_MAX:
                raise ClasseurDemesure(
                    _(
                        "La rangée %(rangee)s du classeur compte plus de %(max)s cellules, la "
                        "limite d'Excel : enregistrez-le de nouveau depuis votre tableur."
                    )
                    % {"rangee": _nombre(rangee), "max": _nombre(CELLULES_PAR_RANGEE_MAX)}
                )
            if pleine or not balises.valeur.search(morceau):
                continue
            pleine = True
            pleines += 1
            if pleines > lignes_max + ENTETE_AU_PLUS:
                raise ClasseurDemesure(
                    _(
                        "Le fichier compte plus de %(max)s lignes : découpez-le en plusieurs "
                        "fichiers."
                    )
                    % {"max": _nombre(lignes_max)}
                )
            if rangee > rangees_max:
                raise ClasseurDemesure(
                    _(
                        "Le classeur a des données au-delà de la rangée %(max)s (rangée "
                        "%(rangee)s) : supprimez les rangées vides qui les précèdent."
                    )
                    % {"max": _nombre(rangees_max), "rangee": _nombre(rangee)}
                )
    return formules, fusions
