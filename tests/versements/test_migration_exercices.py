"""The data migration that gives every existing instalment its exercice (versements 0006):
rank order fills the exercices when the amounts allow it, else the planned date's year clamped
into the grant's exercices; a date outside its exercice is moved into it, the original kept in
the motif."""

import datetime
import importlib
from decimal import Decimal as D

import pytest
from django.apps import apps

from tests.factories import RepartitionFactory, SubventionFactory, VersementFactory

migration = importlib.import_module("versements.migrations.0006_exercice")
pytestmark = pytest.mark.django_db


def subvention(parts, versements):
    s = SubventionFactory(montant_accorde=sum(D(m) for m in parts.values()))
    for exercice, montant in parts.items():
        RepartitionFactory(subvention=s, exercice=exercice, montant=D(montant))
    for rang, (montant, date) in enumerate(versements, start=1):
        VersementFactory(subvention=s, rang=rang, montant=D(montant), date_prevue=date)
    return s


def apres(s):
    return [(v.exercice, v.montant, v.date_prevue, v.motif) for v in s.versements.order_by("rang")]


def note(avant, exercice):
    return (
        f"Date prévue initiale {avant}, ramenée dans l'exercice {exercice} auquel le versement "
        "appartient."
    )


def test_attribution_des_exercices_existants():
    remplie = subvention(
        {2026: "10000", 2027: "40000"},
        [("10000", datetime.date(2026, 2, 1)), ("40000", datetime.date(2026, 6, 1))],
    )
    impossible = subvention(
        {2026: "10000", 2027: "40000"},
        [("40000", datetime.date(2026, 2, 1)), ("10000", datetime.date(2027, 3, 1))],
    )
    un_an = subvention(
        {2026: "40000"},
        [("32000", datetime.date(2026, 1, 20)), ("8000", datetime.date(2027, 3, 1))],
    )
    migration.attribuer_exercices(apps, None)
    # Rank order fills 2026 (10 000 $) then 2027: the second instalment belongs to 2027 and
    # its date moves to 1 January 2027.
    assert apres(remplie) == [
        (2026, D("10000.00"), datetime.date(2026, 2, 1), ""),
        (2027, D("40000.00"), datetime.date(2027, 1, 1), note("2026-06-01", 2027)),
    ]
    # 40 000 $ cannot fit 2026's 10 000 $: each keeps its date's year, and verifier_exercices
    # names the grant.
    assert apres(impossible) == [
        (2026, D("40000.00"), datetime.date(2026, 2, 1), ""),
        (2027, D("10000.00"), datetime.date(2027, 3, 1), ""),
    ]
    assert apres(un_an)[1] == (
        2026,
        D("8000.00"),
        datetime.date(2026, 12, 31),
        note("2027-03-01", 2026),
    )


def test_le_plus_proche_des_exercices():
    assert migration._le_plus_proche(2024, [2026, 2027]) == 2026
    assert migration._le_plus_proche(2029, [2026, 2027]) == 2027
    assert migration._le_plus_proche(2028, []) == 2028
