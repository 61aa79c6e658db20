"""The participant targets: per funded service and status for one grant, per rubrique and status
for many."""

from django.db.models import Exists, F, IntegerField, OuterRef, Q, Sum, Value

from referentiel.models import StatutImmigration

from ..models import CibleStatut, ServiceFinance


def statuts_des_cibles(*, subvention=None) -> list[StatutImmigration]:
    """The statuses a grant's targets per status are set or shown for, in the reference order:
    the active ones, plus any the grant already has targets for (a status deactivated since
    stays visible, and editable, rather than silently dropped)."""
    condition = Q(actif=True)
    if subvention is not None and subvention.pk:
        condition |= Q(
            pk__in=CibleStatut.objects.filter(service_finance__subvention=subvention).values(
                "statut"
            )
        )
    return list(StatutImmigration.objects.filter(condition))


def cibles_par_service_et_statut(subvention) -> dict:
    """The targets of each funded service line of `subvention`, per immigration status.

    Returns `{"statuts": [StatutImmigration, ...], "lignes": [...], "par_statut_saisi": bool}`
    (the last: whether any line sets targets per status). The columns are
    `statuts_des_cibles` (active statuses plus those the grant has targets for, reference
    order); each line, in the order of the service names, is a dict with

    - `service_finance`: the ServiceFinance (its `service` and `service.rubrique` loaded);
    - `par_statut`: {statut pk: target} for the statuses that have one (no key: no target);
    - `cibles`: one entry per column, the target or None, in the columns' order;
    - `total`: the line's participants_cibles (the sum of `par_statut` when it has any);
    - `par_statut_saisi`: whether the line sets targets per status at all.

    Three queries whatever the number of lines or statuses. The caller has already checked
    that the user may see the grant (this reads no scope)."""
    statuts = statuts_des_cibles(subvention=subvention)
    services_finances = (
        subvention.services_finances.select_related("service__rubrique")
        .prefetch_related("cibles")
        .order_by("service__nom", "pk")
    )
    lignes = []
    for sf in services_finances:
        par_statut = {c.statut_id: c.participants_cibles for c in sf.cibles.all()}
        lignes.append(
            {
                "service_finance": sf,
                "par_statut": par_statut,
                "cibles": [par_statut.get(s.pk) for s in statuts],
                "total": sf.participants_cibles,
                "par_statut_saisi": bool(par_statut),
            }
        )
    return {
        "statuts": statuts,
        "lignes": lignes,
        "par_statut_saisi": any(ligne["par_statut_saisi"] for ligne in lignes),
    }


def cibles_par_rubrique(subventions) -> dict:
    """{(rubrique pk, statut pk or None): participants visés} summed in the database over the
    funded lines of `subventions` (scoped by the caller). A line with targets per status counts
    under each of them; a line with only its total counts under None. Two queries."""
    resultat = {}
    for requete in requetes_cibles_par_rubrique(subventions):
        resultat |= {(r, st): n for r, st, n in requete}
    return resultat


# The columns of the participants-by-rubrique queries (targets here, reach in reddition), by
# name, so that a caller may put them side by side in one UNION.
COLONNES_PAR_RUBRIQUE = ("rubrique_pk", "statut_pk", "n")


def requetes_cibles_par_rubrique(subventions, *, par_subvention=False):
    """The two grouped queries of `cibles_par_rubrique`, not run: rows (rubrique pk, statut pk
    or None, participants visés), named COLONNES_PAR_RUBRIQUE, for a caller that joins them to
    others in one UNION. `par_subvention`: each row also grouped by its grant, whose pk comes
    first (the dashboard's running totals, rapports.cumuls)."""
    par_statut = CibleStatut.objects.filter(
        service_finance__subvention__in=subventions.order_by()
    ).values(rubrique_pk=F("service_finance__service__rubrique"), statut_pk=F("statut"))
    sans_statut = (
        # NOT EXISTS rather than a LEFT JOIN … IS NULL: PostgreSQL guessed 60 lines out of
        # 12,000 for the join and nested-looped over them (120 ms at 20,000 grants; now 30).
        ServiceFinance.objects.filter(subvention__in=subventions.order_by())
        .filter(~Exists(CibleStatut.objects.filter(service_finance=OuterRef("pk"))))
        .values(rubrique_pk=F("service__rubrique"))
    )
    colonnes = COLONNES_PAR_RUBRIQUE
    if par_subvention:
        par_statut = par_statut.values(
            "rubrique_pk", "statut_pk", sub_pk=F("service_finance__subvention")
        )
        sans_statut = sans_statut.values("rubrique_pk", sub_pk=F("subvention"))
        colonnes = ("sub_pk", *colonnes)
    par_statut = par_statut.annotate(n=Sum("participants_cibles")).order_by().values_list(*colonnes)
    sans_statut = (
        sans_statut.annotate(
            n=Sum("participants_cibles"), statut_pk=Value(None, output_field=IntegerField())
        )
        .order_by()
        .values_list(*colonnes)
    )
    return par_statut, sans_statut
