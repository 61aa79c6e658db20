"""Reads scoped to the user: the only place where a partner's view is narrowed to its own, and
the one place where each grant figure (engagé, totals) is computed."""

import operator
from decimal import Decimal
from functools import reduce

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from comptes.roles import Role, a_role, est_personnel
from noyau.champs import exercice_courant
from noyau.requetes import parmi, sans_doublons
from organismes.membres import organisme_de
from organismes.models import Organisme
from organismes.selectors import organismes_visibles
from referentiel.models import StatutImmigration

from .cycle import ETAPES
from .models import (
    CibleStatut,
    Enveloppe,
    Programme,
    Repartition,
    ServiceFinance,
    Subvention,
    ordre_numero,
)

ZERO = Decimal("0")


def subventions_visibles(*, user) -> QuerySet[Subvention]:
    qs = Subvention.objects.select_related("organisme", "programme", "agent")
    if est_personnel(user):
        return qs
    if a_role(user, Role.PARTENAIRE):
        organisme = organisme_de(user)
        if organisme is not None:
            return qs.filter(organisme=organisme)
    return qs.none()


def subventions_de_organisme(*, user, organisme) -> QuerySet[Subvention]:
    """The organisation's grants, through the scoped selector so that its scoping applies."""
    return subventions_visibles(user=user).filter(organisme=organisme).par_numero(decroissant=True)


def totaux_subventions(*, subventions, exercice=None) -> dict:
    """What a list of grants adds up to, one definition per word on every page and export:

    - demandé: Σ montant demandé of every grant listed;
    - proposé: Σ montant accordé of the grants not decided yet (en analyse, recommandée);
    - accordé: Σ montant accordé of the grants approved or later (the money committed);
    - refused and cancelled grants are in neither, and `exclues` says how many and how much;
    - for one exercice, that year's share of accordé (its répartition).

    Summed over the list as it is when no filter can repeat a grant (`sans_doublons`: the
    list's filters are `Exists()`), otherwise re-selected by primary key so that a filter joining
    a multi-valued relation can never count a grant twice. (What was paid is the instalments
    app's figure: versements.selectors, which comes after this app.) One grouped query; its
    rows per status are under "par_statut" ({statut: {"nombre", "demande", "montant"}})."""
    return totaux_des_statuts(_par_statut(subventions, exercice), exercice)


def _par_statut(subventions, exercice=None) -> dict:
    """{statut: {"nombre", "demande", "montant", "part"}}: one grouped query (at most one row
    per status). `part`: Σ of the exercice's répartition (each grant joined to its line of that
    exercice, at most one, rather than an IN over the filtered list)."""
    subventions = subventions.order_by()
    uniques = (
        subventions
        if sans_doublons(subventions)
        else parmi(Subvention.objects.order_by(), "pk", subventions)
    )
    agregats = {
        "nombre": Count("pk"),
        "demande": Sum("montant_demande"),
        "montant": Sum("montant_accorde"),
    }
    if exercice:
        uniques = uniques.annotate(
            part_exercice=FilteredRelation(
                "repartitions", condition=Q(repartitions__exercice=exercice)
            )
        )
        agregats["part"] = Sum("part_exercice__montant")
    return {ligne.pop("statut"): ligne for ligne in uniques.values("statut").annotate(**agregats)}


def totaux_des_statuts(par_statut, exercice=None) -> dict:
    """The totals of `totaux_subventions` from its per-status rows (`_par_statut`, or the
    dashboard's running totals, rapports.cumuls)."""

    def somme(cle, statuts=None):
        return sum(
            (
                ligne[cle] or ZERO
                for statut, ligne in par_statut.items()
                if statuts is None or statut in statuts
            ),
            ZERO,
        )

    totaux = {
        "nombre": sum(ligne["nombre"] for ligne in par_statut.values()),
        "demande": somme("demande"),
        "propose": somme("montant", Subvention.STATUTS_PROPOSES),
        "accorde": somme("montant", Subvention.STATUTS_ENGAGES),
        "exclues": {
            "nombre": sum(
                ligne["nombre"]
                for statut, ligne in par_statut.items()
                if statut in Subvention.STATUTS_ABANDONNES
            ),
            "montant": somme("montant", Subvention.STATUTS_ABANDONNES),
        },
        "par_statut": par_statut,
    }
    if exercice:
        totaux["exercice"] = exercice
        totaux["accorde_exercice"] = somme("part", Subvention.STATUTS_ENGAGES)
    return totaux


def engage_par_exercice(*, programme, exercices=None, exclure=None) -> dict:
    """Σ répartition of the programme's committed grants, per exercice (Decimal).

    Committed = approved or later (Subvention.STATUTS_ENGAGES); `exclure` leaves out one grant
    (the one being approved).
    """
    qs = Repartition.objects.engagees().filter(subvention__programme=programme)
    if exercices is not None:
        qs = qs.filter(exercice__in=list(exercices))
    if exclure is not None:
        qs = qs.exclude(subvention=exclure)
    return qs.total_par_exercice()


def apercu_enveloppes(*, subvention, repartition=None, verrouiller=False) -> list[dict]:
    """What committing this grant's répartition does to each exercice: the programme's
    envelope, what other grants already commit, what is left, and by how much this grant would
    exceed it. The one envelope rule, asked by the approval and by an amendment (`repartition`:
    the amended {exercice: montant}); the grant's own committed amount is `avant` (0 before
    approval), and an exercice exceeds only when the grant takes more there than it held and
    more than what is left: an amendment that lowers or keeps a year never needs an override.
    Writers ask for `verrouiller=True`, which locks the envelope rows until their transaction
    ends, so two decisions cannot both take the last dollars."""
    zero = ZERO
    actuelle = {r.exercice: r.montant for r in subvention.repartitions.all()}
    if repartition is None:
        repartition = actuelle
    avant = actuelle if subvention.est_engagee else {}
    enveloppes = Enveloppe.objects.filter(
        programme=subvention.programme, exercice__in=list(repartition)
    )
    if verrouiller:
        enveloppes = enveloppes.select_for_update()
    par_exercice = {e.exercice: e for e in enveloppes}
    engage = engage_par_exercice(
        programme=subvention.programme, exercices=repartition, exclure=subvention
    )
    lignes = []
    for exercice, montant in sorted(repartition.items()):
        objet = par_exercice.get(exercice)
        enveloppe = objet.montant if objet else zero
        disponible = enveloppe - engage.get(exercice, zero)
        hausse = montant - avant.get(exercice, zero)
        lignes.append(
            {
                "exercice": exercice,
                "enveloppe": enveloppe,
                "enveloppe_objet": objet,
                "engage": engage.get(exercice, zero),
                "disponible": disponible,
                "avant": avant.get(exercice, zero),
                "montant": montant,
                "depasse": hausse > zero and montant > disponible,
                "depassement": min(hausse, montant - max(disponible, zero)),
            }
        )
    return lignes


def total_situation(lignes) -> dict:
    """The totals row under rapports.selectors.situation(): Σ of each money column, and the overrun
    (Σ of the negative soldes, as a negative amount): a surplus in one exercice cannot pay for
    another's deficit, so the total solde alone would hide it."""
    colonnes = ("enveloppe", "engage", "solde")
    total = {c: sum((ligne[c] for ligne in lignes), ZERO) for c in colonnes}
    depassees = [ligne for ligne in lignes if ligne["solde"] < 0]
    total["depassement"] = sum((ligne["solde"] for ligne in depassees), ZERO)
    total["exercices_depasses"] = [ligne["exercice"] for ligne in depassees]
    return total


def subventions_par_statut(*, programme) -> list[dict]:
    """Number of the programme's grants in each status, lifecycle order, zeros included."""
    nombres = dict(
        Subvention.objects.filter(programme=programme)
        .order_by()
        .values_list("statut")
        .annotate(n=Count("pk"))
    )
    return [
        {"statut": code, "libelle": libelle, "nombre": nombres.get(code, 0)}
        for code, libelle in Subvention.Statut.choices
    ]


def programmes_pour_liste(*, user, exercice=None):
    """Programmes with their number of grants and, for one exercice (by default the one
    containing today), its enveloppe, engagé and solde as the programme page defines them (staff
    only). One query whatever the count: each figure is a correlated subquery, so none can
    multiply another."""
    if not est_personnel(user):
        return Programme.objects.none()
    exercice = exercice or exercice_courant()
    montant = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(ZERO, output_field=montant)
    par_programme = Subvention.objects.filter(programme=OuterRef("pk")).order_by()
    engage = (
        Repartition.objects.engagees()
        .filter(subvention__programme=OuterRef("pk"), exercice=exercice)
        .order_by()
        .values("subvention__programme")
        .annotate(total=Sum("montant"))
        .values("total")
    )
    enveloppe = Enveloppe.objects.filter(programme=OuterRef("pk"), exercice=exercice)
    return Programme.objects.annotate(
        nb_subventions=Coalesce(
            Subquery(par_programme.values("programme").annotate(n=Count("pk")).values("n")),
            Value(0),
        ),
        enveloppe=Coalesce(Subquery(enveloppe.values("montant")[:1], output_field=montant), zero),
        engage=Coalesce(Subquery(engage, output_field=montant), zero),
        solde=ExpressionWrapper(F("enveloppe") - F("engage"), output_field=montant),
    ).order_by("nom", "pk")


def financements_du_service(*, service, user):
    """The grants (visible to `user`) that fund `service`, with target and amount part (read by
    the catalogue's service page: grant visibility is this app's rule)."""
    return (
        parmi(
            ServiceFinance.objects.filter(service=service),
            "subvention",
            subventions_visibles(user=user),
        )
        .select_related("subvention", "subvention__organisme", "subvention__programme")
        .order_by(*ordre_numero("subvention__", decroissant=True))
    )


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


def changements_enveloppes(*, programme, nombre=20) -> list:
    """The latest changes of the programme's envelopes (who, when, amount, reason), newest first."""
    return list(
        Enveloppe.history.filter(programme_id=programme.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:nombre]
    )


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


# --- The work queue's grant sections (reddition/travail.py): each is the rule of the step it
# leads to, on a QuerySet (noyau.regles), so a file is listed exactly when the step would pass.
ETAPES_QUI_FONT_AVANCER = ("recommander", "signer", "demarrer")


def subventions_a_faire_avancer(*, user) -> QuerySet[Subvention]:
    """The user's own files on which they may take the next step now (recommend, sign, start)."""
    siennes = subventions_visibles(user=user).filter(agent=user)
    return reduce(
        operator.or_, (ETAPES[a].regle.filtrer(siennes, user) for a in ETAPES_QUI_FONT_AVANCER)
    )


def subventions_a_approuver(*, user) -> QuerySet[Subvention]:
    """Recommended files this manager may approve (never one they instructed)."""
    return ETAPES["approuver"].regle.filtrer(subventions_visibles(user=user), user)


def organismes_pour_liste(*, user) -> QuerySet[Organisme]:
    """The organisations the user may see, with their grants' figures for the list
    (`nb_subventions`, `total_accorde` of the committed ones), in one query whatever the row count.

    Both figures are correlated subqueries rather than joins: no GROUP BY over every column, and
    a filter on the grants (exercice) cannot multiply them.
    """
    montant = DecimalField(max_digits=14, decimal_places=2)
    par_organisme = (
        Subvention.objects.filter(organisme=OuterRef("pk")).order_by().values("organisme")
    )
    return organismes_visibles(user=user).annotate(
        nb_subventions=Coalesce(
            Subquery(par_organisme.annotate(n=Count("pk")).values("n")), Value(0)
        ),
        total_accorde=Coalesce(
            Subquery(
                par_organisme.filter(statut__in=Subvention.STATUTS_ENGAGES)
                .annotate(total=Sum("montant_accorde"))
                .values("total"),
                output_field=montant,
            ),
            Value(0, output_field=montant),
        ),
    )
