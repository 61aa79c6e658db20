"""The grant figures, each computed in one place: totals by status, engagé per exercice against
the envelopes, and their history."""

from decimal import Decimal

from django.db.models import Count, FilteredRelation, Q, Sum

from noyau.requetes import parmi, sans_doublons

from ..models import Enveloppe, Repartition, Subvention

ZERO = Decimal("0")


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


def changements_enveloppes(*, programme, nombre=20) -> list:
    """The latest changes of the programme's envelopes (who, when, amount, reason), newest first."""
    return list(
        Enveloppe.history.filter(programme_id=programme.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:nombre]
    )
