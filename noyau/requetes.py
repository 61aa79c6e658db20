"""Small QuerySet helpers shared by the scoped selectors."""

from django.db.models import QuerySet


def parmi(queryset: QuerySet, champ: str, parents: QuerySet) -> QuerySet:
    """`queryset` restricted to the rows whose `champ` is one of `parents` (a scoped selector's
    QuerySet). When `parents` filters nothing (the staff see every grant), neither does this:
    the semi-join `IN (SELECT id FROM …)` would restrict nothing and cost 20 to 50 ms on a
    list of 60,000 instalments."""
    requete = parents.query
    if not requete.where and not requete.is_sliced and not requete.combinator:
        return queryset
    return queryset.filter(**{f"{champ}__in": parents.values("pk")})
