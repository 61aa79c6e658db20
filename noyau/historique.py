"""Readable history (django-simple-history): who changed what, when, old and new values."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from .formats import format_money

TYPES = {"+": _("Création"), "~": _("Modification"), "-": _("Suppression")}
IGNORES = {"version", "modifie_le", "cree_le"}


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


def _afficher(modele, nom, valeur, objets):
    try:
        champ = modele._meta.get_field(nom)
    except Exception:  # noqa: BLE001 - a field removed since; show the raw value
        return "" if valeur is None else str(valeur)
    if valeur in (None, "") or (champ.many_to_many and not valeur):
        return "—"
    if isinstance(champ, models.DecimalField) and champ.decimal_places == 2:
        return format_money(valeur)
    if isinstance(valeur, bool):
        return str(_("Oui") if valeur else _("Non"))
    if champ.choices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if champ.is_relation and not champ.many_to_many:
        cle = (champ.related_model, valeur)
        if cle not in objets:  # one lookup per related object, not per history record
            cible = champ.related_model.objects.filter(pk=valeur).first()
            objets[cle] = str(cible) if cible else f"#{valeur}"
        return objets[cle]
    if champ.many_to_many:
        # simple_history gives the through rows ({"organisme": 1, "territoire": 3}).
        cle = champ.m2m_reverse_field_name()
        ids = [ligne.get(cle) if isinstance(ligne, dict) else ligne for ligne in valeur]
        noms = {o.pk: str(o) for o in champ.related_model.objects.filter(pk__in=ids)}
        return ", ".join(sorted(noms.get(i, f"#{i}") for i in ids))
    return str(valeur)


def _libelle(modele, nom):
    try:
        return str(modele._meta.get_field(nom).verbose_name).capitalize()
    except Exception:  # noqa: BLE001
        return nom


def _valeurs(record, modele, creation, objets):
    """What a created or deleted row held (a deleted répartition line keeps its amount)."""
    for champ in modele._meta.concrete_fields:
        if champ.primary_key or champ.name in IGNORES:
            continue
        valeur = getattr(record, champ.attname, None)
        if valeur in (None, ""):
            continue
        texte = _afficher(modele, champ.name, valeur, objets)
        yield Changement(
            _libelle(modele, champ.name), "—" if creation else texte, texte if creation else "—"
        )


def entrees(historiques, objet_libelle=None, limite=200):
    """Turns historical records (newest first) into displayable entries with their diffs."""
    resultats = []
    records = list(historiques.select_related("history_user")[: limite + 1])
    tronque = len(records) > limite
    objets = {}
    # A record's previous version is the next one of the same object further down the list
    # (newest first); only when the list was cut short may it lie beyond, in the database.
    precedents, vus = {}, {}
    for record in reversed(records):
        precedents[record.history_id] = vus.get(record.id)
        vus[record.id] = record
    for record in records[:limite]:
        modele = record.instance_type
        precedent = precedents[record.history_id]
        if precedent is None and tronque and record.history_type == "~":
            precedent = record.prev_record
        changements = []
        if record.history_type == "~" and precedent is not None:
            diff = record.diff_against(precedent)
            for c in diff.changes:
                if c.field in IGNORES:
                    continue
                changements.append(
                    Changement(
                        _libelle(modele, c.field),
                        _afficher(modele, c.field, c.old, objets),
                        _afficher(modele, c.field, c.new, objets),
                    )
                )
            if not changements:
                continue
        elif record.history_type in ("+", "-"):
            changements = list(_valeurs(record, modele, record.history_type == "+", objets))
        resultats.append(
            Entree(
                date=record.history_date,
                auteur=record.history_user,
                type=TYPES.get(record.history_type, record.history_type),
                objet=objet_libelle(record) if objet_libelle else str(modele._meta.verbose_name),
                raison=record.history_change_reason or "",
                changements=changements,
            )
        )
    return resultats


def fusionner(*listes):
    """Merges several models' entries (a grant and its répartition rows) newest first."""
    return sorted((e for liste in listes for e in liste), key=lambda e: e.date, reverse=True)
