"""What the reports' figures cover: the filters, the user's grants and the rows of them."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from noyau.permissions import peut
from noyau.requetes import parmi
from subventions.models import Programme, Repartition, Subvention
from subventions.selectors import (
    subventions_visibles,
)
from versements.models import Versement


@dataclass(frozen=True)
class Filtres:
    programme: Programme | None = None
    exercice: int | None = None


def peut_voir(user) -> bool:
    return peut(user, "rapports.voir_tableau_de_bord")


def perimetre(*, user, filtres: Filtres) -> QuerySet[Subvention]:
    """The grants the figures cover: those the user may see, of the programme, touching the
    exercice."""
    if not peut_voir(user):
        return Subvention.objects.none()
    qs = subventions_visibles(user=user)
    if filtres.programme is not None:
        qs = qs.filter(programme=filtres.programme)
    if filtres.exercice is not None:
        qs = qs.avec_argent_en(filtres.exercice)
    return qs


def _des_subventions(queryset, user, filtres, *, exercice_porte_par_la_ligne=False):
    """`queryset` (rows with a `subvention`) restricted to the perimeter, each filter applied to
    the row's own grant rather than through `subvention IN (perimeter)`: at 20,000 grants that
    semi-join doubled the cost of every aggregate. No scope join for the staff, who see every
    grant (noyau.requetes.parmi). `exercice_porte_par_la_ligne`: the caller filters rows that
    carry the exercice themselves (répartitions), which implies the grant touches it."""
    if not peut_voir(user):
        return queryset.none()
    qs = parmi(queryset, "subvention", subventions_visibles(user=user).order_by())
    if filtres.programme is not None:
        qs = qs.filter(subvention__programme=filtres.programme)
    if filtres.exercice is not None and not exercice_porte_par_la_ligne:
        qs = qs.filter(
            Exists(
                Repartition.objects.filter(
                    subvention=OuterRef("subvention"), exercice=filtres.exercice
                )
            )
        )
    return qs


def _repartitions_engagees(user, filtres):
    if filtres.exercice is None:
        return _des_subventions(Repartition.objects.engagees(), user, filtres)
    return _des_subventions(
        Repartition.objects.engagees().filter(exercice=filtres.exercice),
        user,
        filtres,
        exercice_porte_par_la_ligne=True,
    )


def _portee(user):
    """Rows with a `subvention` narrowed to the grants `user` may see (no join for the staff)."""
    visibles = subventions_visibles(user=user).order_by()
    return lambda queryset: parmi(queryset, "subvention", visibles)


def _versements_payes(filtres, portee):
    """The instalments counted as versé: paid, of the programme, and for one exercice those
    the instalments' app counts in it (`payes_de_l_exercice`), whichever grant they belong to:
    the programme page, which has no exercice filter, counts the same payments in that year."""
    versements = Versement.objects.payes()
    if filtres.exercice is not None:
        versements = Versement.objects.payes_de_l_exercice(filtres.exercice)
    if filtres.programme is not None:
        versements = versements.filter(subvention__programme=filtres.programme)
    return portee(versements)
