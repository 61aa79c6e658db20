"""Readable history (django-simple-history): who changed what, when, old and new values.

Everything is put into words when the page is read, in the reader's language: field labels are
the fields' verbose names, people their full names, dates and times local. A change reason was
saved as text in the language of whoever acted; the reasons registered here
(`enregistrer_raisons`) are recognised in any of the site's languages and shown in the reader's.
"""

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .formats import date_longue, format_money, nom_complet

TYPES = {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}
IGNORES = {"version", "modifie_le", "cree_le"}
_RAISONS = list(TYPES.values())


def auteur(objet, par, raison=None):
    """Names who (and, when given, why) on the history row that the next save() or delete() of
    `objet` writes: outside a request, django-simple-history would otherwise record no author."""
    objet._history_user = par
    if raison:
        objet._change_reason = str(raison)
    return objet


def enregistrer_raisons(*libelles):
    """Declares lazy texts that change reasons hold (`%(nom)s` placeholders allowed), so that a
    reason saved in one language reads in the other."""
    _RAISONS.extend(libelles)


@dataclass
class Changement:
    champ: str
    ancien: str
    nouveau: str


@dataclass
class Entree:
    date: object
    auteur: object
    type: str
    objet: str
    raison: str = ""
    changements: list = field(default_factory=list)


def _champ(modele, nom):
    try:
        return modele._meta.get_field(nom)
    except FieldDoesNotExist:  # a field removed since: shown under its name
        return None


def libelle_champ(modele, nom):
    """The field's verbose name; a relation declared without one takes its model's."""
    champ = _champ(modele, nom)
    if champ is None:
        return nom
    libelle = champ.verbose_name
    if not isinstance(libelle, Promise) and champ.is_relation:
        libelle = champ.related_model._meta.verbose_name
    return capfirst(str(libelle))


def _ids_m2m(champ, valeur):
    # simple_history gives the through rows ({"organisme": 1, "territoire": 3}).
    cle = champ.m2m_reverse_field_name()
    return [ligne.get(cle) if isinstance(ligne, dict) else ligne for ligne in valeur]


class _Noms:
    """Names of the related objects the history mentions, read once per related model."""

    def __init__(self, connus=()):
        self.ids = defaultdict(set)
        # Objects the page has already read (the object's own relations) need no query.
        self.noms = {(type(o), o.pk): str(o) for o in connus}

    def demander(self, champ, valeur):
        if champ is None or not champ.is_relation or valeur in (None, "", []):
            return
        ids = _ids_m2m(champ, valeur) if champ.many_to_many else [valeur]
        self.ids[champ.related_model].update(ids)

    def charger(self):
        for modele, ids in self.ids.items():
            ids = {i for i in ids if (modele, i) not in self.noms}
            if not ids:
                continue
            for objet in modele._base_manager.filter(pk__in=ids):
                nom = nom_complet(objet) if isinstance(objet, AbstractBaseUser) else str(objet)
                self.noms[modele, objet.pk] = nom

    def nom(self, modele, pk):
        return self.noms.get((modele, pk), f"#{pk}")  # deleted since


def _afficher(champ, valeur, noms):
    if valeur in (None, "") or (champ is not None and champ.many_to_many and not valeur):
        return "—"
    if champ is None:
        return str(valeur)
    if champ.many_to_many:
        modele = champ.related_model
        return ", ".join(sorted(noms.nom(modele, i) for i in _ids_m2m(champ, valeur)))
    if champ.is_relation:
        return noms.nom(champ.related_model, valeur)
    if champ.choices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if isinstance(valeur, bool):
        return str(_("Oui") if valeur else _("Non"))
    if isinstance(champ, models.DecimalField) and champ.decimal_places == 2:
        return format_money(valeur)
    if isinstance(champ, models.DateTimeField):
        return date_longue(valeur, "DATETIME_FORMAT")
    if isinstance(champ, models.DateField):
        return date_longue(valeur)
    if isinstance(champ, models.FileField):
        return os.path.basename(getattr(valeur, "name", None) or str(valeur))
    return str(valeur)


def _motif(texte):
    parties = re.split(r"%\((\w+)\)s", texte)
    return "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+)" for i, p in enumerate(parties))


def traducteur_raisons():
    """A function giving a saved reason in the active language, whichever language it was saved
    in; unknown reasons (free text) are kept as written."""
    motifs = []
    for libelle in _RAISONS:
        for code, _nom in settings.LANGUAGES:
            with translation.override(code):
                motifs.append((re.compile(_motif(str(libelle))), libelle))

    def traduire(texte):
        for motif, libelle in motifs:
            trouve = motif.fullmatch(texte)
            if trouve:
                valeurs = trouve.groupdict()
                return str(libelle) % valeurs if valeurs else str(libelle)
        return texte

    return traduire


class _M2m:
    """The many-to-many ids each historical record holds, read for all the records at once (one
    query per field) where `diff_against` would read them twice per record."""

    def __init__(self, records):
        self.champs = list(getattr(records[0], "_history_m2m_fields", [])) if records else []
        self.ids = {}
        self._lire(records)

    def _lire(self, records):
        for record in records:
            self.ids[record.history_id] = {champ.name: [] for champ in self.champs}
        for champ in self.champs:
            through = getattr(records[0], champ.name).model
            cle = champ.m2m_reverse_field_name()
            lignes = through.objects.filter(history__in=[r.history_id for r in records])
            for history_id, pk in lignes.order_by(cle).values_list("history", cle):
                self.ids[history_id][champ.name].append(pk)

    def changements(self, record, precedent):
        if precedent.history_id not in self.ids:  # beyond the list read (a cut-short history)
            self._lire([precedent])
        avant, apres = self.ids[precedent.history_id], self.ids[record.history_id]
        return [
            (champ.name, avant[champ.name], apres[champ.name])
            for champ in self.champs
            if avant[champ.name] != apres[champ.name]
        ]


def _bruts(record, precedent, m2m):
    """(field, old, new) of one historical record, before anything is put into words."""
    if record.history_type == "~":
        if precedent is None:
            return []
        diff = record.diff_against(precedent, excluded_fields=[c.name for c in m2m.champs])
        changements = [(c.field, c.old, c.new) for c in diff.changes]
        changements += m2m.changements(record, precedent)
        return [(champ, a, n) for champ, a, n in changements if champ not in IGNORES]
    bruts = []
    for champ in record.instance_type._meta.concrete_fields:
        if champ.primary_key or champ.name in IGNORES:
            continue
        valeur = getattr(record, champ.attname, None)
        if valeur in (None, ""):
            continue
        # What a created or deleted row held (a deleted répartition line keeps its amount).
        bruts.append(
            (champ.name, None, valeur) if record.history_type == "+" else (champ.name, valeur, None)
        )
    return bruts


def entrees(historiques, objet_libelle=None, limite=200, connus=()):
    """Turns historical records (newest first) into displayable entries with their diffs.
    `connus`: related objects already read, whose names need no query."""
    records = list(historiques.select_related("history_user")[: limite + 1])
    m2m = _M2m(records[:limite])
    tronque = len(records) > limite
    # A record's previous version is the next one of the same object further down the list
    # (newest first); only when the list was cut short may it lie beyond, in the database.
    precedents, vus = {}, {}
    for record in reversed(records):
        precedents[record.history_id] = vus.get(record.id)
        vus[record.id] = record
    noms, lus = _Noms(connus), []
    for record in records[:limite]:
        precedent = precedents[record.history_id]
        if precedent is None and tronque and record.history_type == "~":
            precedent = record.prev_record
        modele = record.instance_type
        bruts = [(_champ(modele, nom), nom, a, n) for nom, a, n in _bruts(record, precedent, m2m)]
        if record.history_type == "~" and not bruts:
            continue
        for champ, _nom, ancien, nouveau in bruts:
            noms.demander(champ, ancien)
            noms.demander(champ, nouveau)
        lus.append((record, bruts))
    noms.charger()
    traduire = traducteur_raisons()
    return [
        Entree(
            date=record.history_date,
            auteur=record.history_user,
            type=TYPES.get(record.history_type, record.history_type),
            objet=(
                objet_libelle(record)
                if objet_libelle
                else str(record.instance_type._meta.verbose_name)
            ),
            raison=traduire(record.history_change_reason or ""),
            changements=[
                Changement(
                    libelle_champ(record.instance_type, nom),
                    _afficher(champ, ancien, noms),
                    _afficher(champ, nouveau, noms),
                )
                for champ, nom, ancien, nouveau in bruts
            ],
        )
        for record, bruts in lus
    ]


def fusionner(*listes):
    """Merges several models' entries (a grant and its répartition rows) newest first."""
    return sorted((e for liste in listes for e in liste), key=lambda e: e.date, reverse=True)
