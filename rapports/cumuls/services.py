"""Folding the pending grants (rapports_cumulamettreajour) into the running totals: each one's
contribution is worked out again (contributions.py) and only the difference with the one
recorded is added, so the cost follows the number of grants that changed, not the base.

Called after each commit that wrote a grant's figures (signaux.py) and by the dashboard's view
before it reads (cumuls_a_jour): a write that reaches no signal (a bulk update, SQL) is listed
by the triggers all the same and folded in before anyone reads the totals."""

import json
import logging
from collections import defaultdict

from django.db import DatabaseError, connection, transaction

from subventions.models import Subvention

from ..models import ContributionCumul, Cumul, CumulAMettreAJour
from .contributions import COLONNES_DE_LA_CLE, contributions

# Grants per pass: bounded memory, and IN lists within SQLite's oldest limit (999 parameters).
LOT = 900

journal = logging.getLogger(__name__)

_TABLE = Cumul._meta.db_table
_CLE = ", ".join(COLONNES_DE_LA_CLE)
_AJOUTER = (
    f"INSERT INTO {_TABLE} ({_CLE}, valeur, lignes) "
    f"VALUES ({', '.join(['%s'] * (len(COLONNES_DE_LA_CLE) + 2))}) "
    f"ON CONFLICT ({_CLE}) DO UPDATE SET valeur = {_TABLE}.valeur + excluded.valeur, "
    f"lignes = {_TABLE}.lignes + excluded.lignes"
)


def _prendre_la_file() -> tuple[list[int], list[int]]:
    """The queue's rows (their ids) and the grants they list, locked in the caller's
    transaction: a concurrent fold waits for these rows and then finds them gone, so no grant
    is folded twice; a row a writer has not committed yet is not seen, and stays for the next
    fold."""
    lignes = list(CumulAMettreAJour.objects.select_for_update().values_list("pk", "subvention"))
    return [pk for pk, _s in lignes], sorted({sub for _pk, sub in lignes})


def _ecarts(ids) -> tuple[dict, list]:
    """{key: [Δ valeur, Δ lignes]} between the recorded and the new contributions of `ids`,
    and the new contributions to record."""
    anciennes = dict(
        ContributionCumul.objects.filter(subvention__in=ids).values_list("subvention", "lignes")
    )
    ecarts = defaultdict(lambda: [0, 0])
    nouvelles = []
    for pk, lignes in contributions(ids).items():
        for *cle, valeur in json.loads(anciennes.get(pk, "[]")):
            ecart = ecarts[tuple(cle)]
            ecart[0] -= valeur
            ecart[1] -= 1
        for cle, valeur in lignes.items():
            ecart = ecarts[cle]
            ecart[0] += valeur
            ecart[1] += 1
        if lignes:
            nouvelles.append(
                ContributionCumul(
                    subvention=pk,
                    lignes=json.dumps([[*cle, valeur] for cle, valeur in lignes.items()]),
                )
            )
    return {cle: e for cle, e in ecarts.items() if e != [0, 0]}, nouvelles


def _appliquer(ids) -> None:
    ecarts, nouvelles = _ecarts(ids)
    if ecarts:
        with connection.cursor() as curseur:
            curseur.executemany(_AJOUTER, [[*cle, *ecarts[cle]] for cle in sorted(ecarts)])
        Cumul.objects.filter(lignes=0).delete()
    ContributionCumul.objects.filter(subvention__in=ids).delete()
    ContributionCumul.objects.bulk_create(nouvelles, batch_size=500)


def cumuls_mettre_a_jour() -> int:
    """Folds every pending grant in; returns how many there were. One query when none is
    pending (no transaction opened)."""
    if not CumulAMettreAJour.objects.exists():
        return 0
    with transaction.atomic():
        lignes, ids = _prendre_la_file()
        for debut in range(0, len(lignes), LOT):
            CumulAMettreAJour.objects.filter(pk__in=lignes[debut : debut + LOT]).delete()
        for debut in range(0, len(ids), LOT):
            _appliquer(ids[debut : debut + LOT])
    return len(ids)


def cumuls_reconstruire() -> int:
    """Every total worked out again from nothing (`manage.py cumuls --reconstruire`): empties
    the totals and the contributions, lists every grant, then folds them in."""
    with transaction.atomic():
        Cumul.objects.all().delete()
        ContributionCumul.objects.all().delete()
        CumulAMettreAJour.objects.all().delete()
        CumulAMettreAJour.objects.bulk_create(
            [
                CumulAMettreAJour(subvention=pk)
                for pk in Subvention.objects.values_list("pk", flat=True)
            ],
            batch_size=LOT,
        )
        return cumuls_mettre_a_jour()


def cumuls_a_jour() -> bool:
    """Folds the pending grants for a reader about to read the running totals: True when they
    are up to date, False (logged) when the fold failed, and the reader reads live figures."""
    try:
        cumuls_mettre_a_jour()
    except DatabaseError:
        journal.exception("Running totals not folded: the dashboard reads live figures")
        return False
    return True
