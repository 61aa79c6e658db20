"""Exports of a list exactly as filtered and sorted on screen, with memory kept flat.

Rows are read with `.iterator(chunk_size=...)` and written as they come: CSV is streamed to the
client; xlsx goes through the one workbook writer (noyau.classeurs) on a temporary file.
"""

import csv
import datetime
import html
import operator
from decimal import Decimal

from django.db.models import Model
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from django.utils.safestring import SafeData
from django.utils.translation import gettext as _
from django_tables2 import Column
from django_tables2.rows import BoundRow
from django_tables2.utils import A, signature

from .classeurs import CONTENU_XLSX, Classeur, reponse_classeur
from .tables import DateColumn, MontantColumn

# Rows fetched per round trip: 2,000 grants with their organisation, programme and agent held
# 16 MB at once; 500, 4 MB, for the same time.
CHUNK = 500
FORMATS = ("xlsx", "csv")


def colonnes_exportables(table):
    return [c for c in table.columns.iterall() if c.visible and not c.column.exclude_from_export]


# The value functions that return the value unchanged.
TELS_QUELS = frozenset({Column.render, DateColumn.value})


class Extracteur:
    """One column's export value, with django-tables2's rules (value_FOO, then render_FOO, then
    Column.value; choices shown by their label; empty values as None) worked out once per
    column instead of once per cell: inspecting signatures and hashing lazy choice labels on
    every cell made a 10 000-row export take a minute."""

    CONTEXTE = ("value", "record", "column", "bound_column", "table", "bound_row")

    def __init__(self, table, colonne):
        self.table = table
        self.colonne = colonne
        self.accessor = A(colonne.accessor)
        self.fn = colonne.value
        if getattr(self.fn, "__func__", None) is Column.value:
            # The base Column.value only forwards to render (re-inspecting it at every cell).
            self.fn = colonne.column.render
        args, catch_all = signature(self.fn)
        self.args = set(self.CONTEXTE) if catch_all else set(args)
        self.impossible = not catch_all and any(a not in self.CONTEXTE for a in args)
        self.vides = colonne.column.empty_values
        self.resoudre = _resolveur(self.accessor)
        # The call's arguments that do not change from one row to the next.
        fixes = {"column": colonne.column, "bound_column": colonne, "table": table}
        self.fixes = {k: v for k, v in fixes.items() if k in self.args}
        self.avec_valeur = "value" in self.args
        self.avec_record = "record" in self.args
        self.avec_ligne = "bound_row" in self.args
        # Columns that export their value as it is (a plain Column, a date): no call per cell.
        self.tel_quel = getattr(self.fn, "__func__", None) in TELS_QUELS
        self.valeur_seule = not catch_all and list(args) == ["value"]
        self.choix = None
        modele = getattr(table._meta, "model", None)
        if modele is not None:
            try:
                champ = self.accessor.get_field(modele)
            except Exception:  # noqa: BLE001 - not a model field (annotation, method): no choices
                champ = None
            if getattr(champ, "choices", None):
                self.choix = {k: force_str(v) for k, v in champ.flatchoices}

    @property
    def sans_record(self) -> bool:
        """The cell needs only its value (not the row's object): it may be read as a value."""
        return not (self.impossible or self.avec_record or self.avec_ligne)

    def __call__(self, record):
        return self.depuis_valeur(self.resoudre(record), record)

    def depuis_valeur(self, valeur, record=None):
        if self.choix is not None:
            valeur = self.choix.get(valeur, valeur)
        if valeur in self.vides:
            return None
        if self.impossible:
            return None
        if self.tel_quel:
            return _normaliser(valeur)
        if self.valeur_seule:
            return _normaliser(self.fn(valeur))
        arguments = dict(self.fixes)
        if self.avec_valeur:
            arguments["value"] = valeur
        if self.avec_record:
            arguments["record"] = record
        if self.avec_ligne:
            arguments["bound_row"] = BoundRow(record, table=self.table)
        return _normaliser(self.fn(**arguments))


def _resolveur(accessor):
    """`accessor.resolve(record, quiet=True)`, with a short way for what exports read most: plain
    attributes of model instances. django-tables2 first tries `record[bit]` at every step, which
    on a model raises and catches a TypeError: a third of a 20,000-row export's extraction.
    Anything else (a method to call, a dict, a missing attribute) takes django-tables2's way."""
    bits = tuple(accessor.bits)

    def resoudre(record):
        if not isinstance(record, Model):
            return accessor.resolve(record, quiet=True)
        valeur = record
        for bit in bits:
            try:
                valeur = getattr(valeur, bit)
            except Exception:  # noqa: BLE001 - django-tables2 decides (quietly: None)
                return accessor.resolve(record, quiet=True)
            if valeur is None:
                return None
            if callable(valeur) or isinstance(valeur, dict | list | tuple):
                return accessor.resolve(record, quiet=True)
        return valeur

    return resoudre


# Returned as they are: the types almost every cell holds, checked before the general rules.
_TELS_QUELS = frozenset({str, Decimal, int, datetime.date})


def _normaliser(value):
    if type(value) in _TELS_QUELS:
        return value
    if isinstance(value, Decimal | int | datetime.date | datetime.datetime) or value is None:
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    if isinstance(value, SafeData):
        # Markup that a render_FOO built (a link, a badge): keep its text, unescaped once.
        return html.unescape(strip_tags(value)).strip()
    # Stored text is written as it is: "Parents & enfants <b>gras</b>" is a name, not markup.
    return force_str(value)


class Valeur:
    """An export cell read from the list's query as plain values, without model instances: the
    database values `champs` (field paths, annotation names or expressions) given to `calcul`
    (by default the one value as it is). A table names, in `valeurs_export`, the columns that
    need one (a related object shown by its name, a figure computed from several fields); the
    other columns are read from their accessor."""

    def __init__(self, *champs, calcul=None):
        self.champs = champs
        self.calcul = calcul


def _champ_de(table, colonne, queryset):
    """The path a column's accessor reads in the query (a concrete field, through foreign keys,
    or an annotation), or None when it names anything else (a method, a related object)."""
    chemin = colonne.accessor.replace(".", "__")
    if chemin in queryset.query.annotations:
        return chemin
    try:
        champ = A(colonne.accessor).get_field(table._meta.model)
    except Exception:  # noqa: BLE001 - not a field: read from the object
        return None
    if champ is None or champ.is_relation or not getattr(champ, "concrete", False):
        return None
    return chemin


def lecture_par_valeurs(table, queryset):
    """(the query's values, one reader per column) when every exported column can be read from
    values, else None. Model instances (five per grant row: the grant, its organisation and
    borough, programme and agent) took half an export's time before the writer."""
    if getattr(table._meta, "model", None) is None:
        return None
    declarees = getattr(table, "valeurs_export", {})
    champs, lecteurs = {}, []

    def indice(champ):
        return champs.setdefault(champ, len(champs))

    for colonne in colonnes_exportables(table):
        valeur = declarees.get(colonne.name)
        if valeur is not None:
            indices = [indice(c) for c in valeur.champs]
            lecteurs.append(_lecteur_declare(indices, valeur.calcul))
            continue
        extracteur = Extracteur(table, colonne)
        champ = _champ_de(table, colonne, queryset)
        if champ is None or not extracteur.sans_record:
            return None
        lecteurs.append((indice(champ), extracteur.depuis_valeur))
    return list(champs), lecteurs


def _lecteur_declare(indices, calcul):
    """(the value's index in the row, what makes the cell of it); a cell computed from several
    values reads the whole row (index None)."""
    if calcul is None:
        (i,) = indices
        return i, _normaliser
    if len(indices) == 1:
        return indices[0], lambda valeur: _normaliser(calcul(valeur))
    valeurs = operator.itemgetter(*indices)
    return None, lambda rangee: _normaliser(calcul(*valeurs(rangee)))


def lignes(table, queryset, *, par_valeurs=True):
    """The header, then each row's export values: read as values when the table allows it
    (`lecture_par_valeurs`), otherwise from the model instances with django-tables2's rules
    (`par_valeurs=False` forces that way: the tests compare both)."""
    colonnes = colonnes_exportables(table)
    yield [force_str(c.header) for c in colonnes]
    lecture = lecture_par_valeurs(table, queryset) if par_valeurs else None
    if lecture is not None:
        champs, lecteurs = lecture
        for rangee in queryset.values_list(*champs).iterator(chunk_size=CHUNK):
            yield [lire(rangee if i is None else rangee[i]) for i, lire in lecteurs]
        return
    extracteurs = [Extracteur(table, c) for c in colonnes]
    for record in queryset.iterator(chunk_size=CHUNK):
        yield [extraire(record) for extraire in extracteurs]


class _Echo:
    def write(self, value):
        return value


# A text cell starting with one of these is run as a formula by spreadsheet programs
# (=HYPERLINK(...) in an organisation's name would leak data when the export is opened).
DEBUTS_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _est_formule(value):
    return isinstance(value, str) and value.startswith(DEBUTS_DE_FORMULE)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if _est_formule(value):
        return "'" + value
    return value


# The rule, under a public name for the other CSV writers meant for spreadsheets.
cellule_csv = _csv_cell


def ecrivain_csv():
    """A csv writer whose `writerow` returns the line instead of writing it: rows are streamed
    one by one (StreamingHttpResponse), never held in memory."""
    return csv.writer(_Echo())


def reponse_csv_lignes(rangees, nom_fichier):
    """A CSV for spreadsheets, streamed from `rangees` (lists of values): UTF-8 with a BOM so
    that spreadsheet programs read accents right, each text guarded against formulas
    (`cellule_csv`)."""
    writer = ecrivain_csv()

    def contenu():
        yield "\ufeff"
        for ligne in rangees:
            yield writer.writerow([_csv_cell(v) for v in ligne])

    response = StreamingHttpResponse(contenu(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{nom_fichier}"'
    return response


def reponse_csv(table, queryset, nom_fichier):
    return reponse_csv_lignes(lignes(table, queryset), f"{nom_fichier}.csv")


LARGEUR_MIN, LARGEUR_MAX = 10, 60


def largeur_colonne(table, colonne):
    """A column's width in characters, set before any row is written (write-only workbooks take
    widths first): the header's width, or the typical content's width given by the table's
    `largeurs_export` when wider (names, projects)."""
    entete = len(force_str(colonne.header)) + 3
    typique = getattr(table, "largeurs_export", {}).get(colonne.name, 0)
    return min(max(entete, typique, LARGEUR_MIN), LARGEUR_MAX)


def classeur(table, queryset, titre) -> Classeur:
    """The list as a workbook: bold frozen header, auto-filter, numeric money cells, widths from
    the columns, a printable page setup, and a totals row when the table asks for one
    (`export_totaux = True`: each money column summed as the rows go by)."""
    wb = Classeur()
    ws = wb.feuille(titre)
    ws.figer(1)
    colonnes = colonnes_exportables(table)
    ws.largeurs([largeur_colonne(table, colonne) for colonne in colonnes])
    ws.mise_en_page(entete=0)
    # Only money columns are summed (an empty cell where a row has no such amount), each from
    # 0: a column with no amount in it totals 0,00 $, as the screen says, not an empty cell.
    argent = [j for j, c in enumerate(colonnes) if isinstance(c.column, MontantColumn)]
    totaux = {j: Decimal("0") for j in argent} if getattr(table, "export_totaux", False) else None
    rangees = lignes(table, queryset)
    entete = next(rangees)
    ws.ajouter(entete, style="gras")
    for ligne in rangees:
        if totaux is not None:
            for j in argent:
                v = ligne[j]
                if isinstance(v, Decimal):
                    totaux[j] += v
        ws.ajouter(ligne)
    nb_lignes = ws.ligne - 1
    ws.filtrer(0, len(entete))
    if totaux is not None and nb_lignes:
        # Below the filtered range, so that sorting or filtering in the sheet leaves it last.
        ws.ajouter([_("Total"), *(totaux.get(j) for j in range(1, len(entete)))], style="gras")
    return wb


def reponse_xlsx(table, queryset, nom_fichier, titre):
    return reponse_classeur(classeur(table, queryset, titre), f"{nom_fichier}.xlsx")


__all__ = ["CONTENU_XLSX", "reponse_classeur"]  # the one xlsx response, for the other apps
