"""Every figure of the managers' reports, computed once: the dashboard, the program summary
workbook (and later the PDFs) read these functions and nothing else.

Each function takes the user and the filters (programme, exercice), answers nothing to whoever
may not read the reports, and aggregates in the database: the number of queries does not grow
with the number of grants. The words are the ones the other apps define: engagé is
`Repartition.objects.engagees()` (approved or later), versé is the instalments paid in the year
of their payment date, en retard is `Obligation.objects.en_retard()`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from noyau.formats import pourcentage
from noyau.permissions import peut
from noyau.requetes import parmi
from organismes.models import Organisme, nom_affiche
from reddition.models import Obligation
from reddition.selectors import participants_rejoints_par_rubrique
from referentiel.models import Rubrique, StatutImmigration
from subventions.models import Enveloppe, Programme, Repartition, Subvention, ordre_numero
from subventions.selectors import (
    cibles_par_rubrique,
    subventions_visibles,
    total_situation,
    totaux_subventions,
)
from versements.models import Versement

ZERO = Decimal("0")
NB_ORGANISMES = 10  # the "top organisations" chart
NB_RETARDATAIRES = 50  # late organisations listed on the dashboard (the count covers them all)


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


def en_bref(*, user, filtres: Filtres) -> dict:
    """The grants list's totals (subventions.selectors.totaux_subventions) over the perimeter,
    with what was paid: the headline figures."""
    totaux = totaux_subventions(
        subventions=perimetre(user=user, filtres=filtres), exercice=filtres.exercice
    )
    versements = _des_subventions(Versement.objects.payes(), user, filtres)
    if filtres.exercice is not None:
        versements = versements.filter(exercice=filtres.exercice)
    totaux["verse"] = versements.total()
    return totaux


def situation(*, user, filtres: Filtres) -> dict:
    """Per programme and exercice: enveloppe, engagé, versé, solde (= enveloppe − engagé), and
    the totals row (subventions.selectors.total_situation, overruns included)."""
    if not peut_voir(user):
        return {"lignes": [], "total": total_situation([]) | {"verse": ZERO}}
    enveloppes = Enveloppe.objects.order_by()
    if filtres.programme is not None:
        enveloppes = enveloppes.filter(programme=filtres.programme)
    if filtres.exercice is not None:
        enveloppes = enveloppes.filter(exercice=filtres.exercice)
    par_cle = {(p, e): m for p, e, m in enveloppes.values_list("programme", "exercice", "montant")}
    engage = _repartitions_engagees(user, filtres).total_par_programme_et_exercice()
    versements = _des_subventions(Versement.objects.all(), user, filtres)
    if filtres.exercice is not None:
        versements = versements.filter(exercice=filtres.exercice)
    verse = versements.total_par_programme_et_exercice_paye()
    cles = sorted(set(par_cle) | set(engage) | set(verse), key=lambda c: (c[1], c[0]))
    programmes = Programme.objects.only("pk", "nom", "code").in_bulk({p for p, _e in cles})
    lignes = []
    for cle in sorted(cles, key=lambda c: (c[1], programmes[c[0]].nom)):
        enveloppe = par_cle.get(cle, ZERO)
        e = engage.get(cle, ZERO)
        lignes.append(
            {
                "programme": programmes[cle[0]],
                "exercice": cle[1],
                "enveloppe": enveloppe,
                "engage": e,
                "verse": verse.get(cle, ZERO),
                "solde": enveloppe - e,
                "sans_enveloppe": cle not in par_cle,
            }
        )
    total = total_situation(lignes)
    total["verse"] = sum((ligne["verse"] for ligne in lignes), ZERO)
    return {"lignes": lignes, "total": total}


def par_statut(*, user, filtres: Filtres) -> list[dict]:
    """Number of grants and Σ montant accordé in each status, lifecycle order, zeros included."""
    lignes = (
        perimetre(user=user, filtres=filtres)
        .order_by()
        .values("statut")
        .annotate(nombre=Count("pk"), montant=Sum("montant_accorde"))
    )
    par_code = {ligne["statut"]: ligne for ligne in lignes}
    return [
        {
            "statut": code,
            "libelle": libelle,
            "nombre": par_code.get(code, {}).get("nombre", 0),
            "montant": par_code.get(code, {}).get("montant") or ZERO,
        }
        for code, libelle in Subvention.Statut.choices
    ]


def obligations_en_retard(*, user, filtres: Filtres, limite=NB_RETARDATAIRES) -> dict:
    """Reports owed past their due date: how many, and the late organisations (most overdue
    first, with their number of late reports)."""
    retards = _des_subventions(Obligation.objects.en_retard(), user, filtres)
    nombre = retards.count()
    organismes = list(
        retards.order_by()
        .values("subvention__organisme")
        .annotate(
            nom=Min(nom_affiche("subvention__organisme__")),
            nombre=Count("pk"),
            plus_ancienne=Min("date_echeance"),
        )
        .order_by("plus_ancienne", "nom")[:limite]
    )
    for ligne in organismes:
        ligne["organisme_id"] = ligne.pop("subvention__organisme")
    return {"nombre": nombre, "organismes": organismes}


def engage_par_organisme(*, user, filtres: Filtres) -> list[dict]:
    """Money committed (engagé) per organisation, with its arrondissement: one aggregate that
    both the arrondissements and the top organisations read (each was a join of every
    répartition with its grant and organisation, 50 ms at 20,000 grants)."""
    lignes = list(
        _repartitions_engagees(user, filtres)
        .order_by()
        .values("subvention__organisme")
        .annotate(montant=Sum("montant"), nombre=Count("subvention", distinct=True))
    )
    if not lignes:
        return []
    # Names apart: carried through the aggregate, they made its sort spill to disk.
    noms = {
        pk: (nom, arrondissement)
        for pk, nom, arrondissement in Organisme.objects.annotate(nom=nom_affiche(""))
        .order_by()
        .values_list("pk", "nom", "arrondissement__nom")
    }
    return [
        {
            "organisme_id": ligne["subvention__organisme"],
            "nom": noms[ligne["subvention__organisme"]][0],
            "arrondissement": noms[ligne["subvention__organisme"]][1],
            "montant": ligne["montant"],
            "nombre": ligne["nombre"],
        }
        for ligne in lignes
    ]


def engage_par_arrondissement(*, user, filtres: Filtres, par_organisme=None) -> list[dict]:
    """Money committed (engagé) by the organisation's arrondissement, largest first; an
    organisation without one is counted under "Non précisé". (A grant has one organisation:
    adding the organisations' grant counts counts each grant once.)"""
    if par_organisme is None:
        par_organisme = engage_par_organisme(user=user, filtres=filtres)
    cumuls = {}
    for ligne in par_organisme:
        cumul = cumuls.setdefault(ligne["arrondissement"], {"montant": ZERO, "nombre": 0})
        cumul["montant"] += ligne["montant"]
        cumul["nombre"] += ligne["nombre"]
    # Largest first; equal amounts by name, "Non précisé" (no name) last among them.
    ordre = sorted(cumuls, key=lambda nom: (-cumuls[nom]["montant"], nom is None, nom or ""))
    return [{"arrondissement": nom or _("Non précisé"), **cumuls[nom]} for nom in ordre]


def principaux_organismes(
    *, user, filtres: Filtres, limite=NB_ORGANISMES, par_organisme=None
) -> list[dict]:
    """The organisations with the most money committed (Σ répartition of their grants approved
    or later: over every exercice, that is Σ montant accordé)."""
    if par_organisme is None:
        par_organisme = engage_par_organisme(user=user, filtres=filtres)
    lignes = sorted(par_organisme, key=lambda li: (-li["montant"], li["nom"]))[:limite]
    return [{k: v for k, v in li.items() if k != "arrondissement"} for li in lignes]


def participants_par_rubrique(*, user, filtres: Filtres) -> dict:
    """Participants reached (each grant's latest accepted activity report, see
    reddition.selectors) against the targets of the grants approved or later, by rubrique and
    immigration status.

    Reached is always per status (the report's grid); a target is per status only where the
    line sets it. A line with only its total target counts in a "statut non précisé" column,
    so that each rubrique's total target stays Σ participants visés and its total compares like
    with like; a status column's target covers only the lines that set one, so only the totals
    carry a percentage. Columns: the active statuses plus any that has a figure. Five queries.

    Returns {"statuts", "lignes", "total", "non_precise"}: each line (and the total) has
    `rubrique`, `cellules` [{"atteints", "cible"}] per status, `non_precise` (the targets
    without status), `atteints`, `cible`, `pourcentage`."""
    grants = perimetre(user=user, filtres=filtres)
    atteints = participants_rejoints_par_rubrique(grants)
    cibles = cibles_par_rubrique(grants.filter(statut__in=Subvention.STATUTS_ENGAGES))
    cles = set(atteints) | set(cibles)
    statuts = list(
        StatutImmigration.objects.filter(
            Q(actif=True) | Q(pk__in={st for _r, st in cles if st is not None})
        )
    )
    rubriques = list(Rubrique.objects.filter(pk__in={r for r, _st in cles}))

    def ligne(nom, garder):
        cellules = [
            {
                "atteints": sum(n for (r, st), n in atteints.items() if st == s.pk and garder(r)),
                "cible": sum(n for (r, st), n in cibles.items() if st == s.pk and garder(r)),
            }
            for s in statuts
        ]
        non_precise = sum(n for (r, st), n in cibles.items() if st is None and garder(r))
        total_atteints = sum(c["atteints"] for c in cellules)
        total_cible = sum(c["cible"] for c in cellules) + non_precise
        return {
            "rubrique": nom,
            "cellules": cellules,
            "non_precise": non_precise,
            "atteints": total_atteints,
            "cible": total_cible,
            "pourcentage": pourcentage(total_atteints, total_cible),
        }

    return {
        "statuts": statuts,
        "lignes": [ligne(str(r), lambda pk, r=r: pk == r.pk) for r in rubriques],
        "total": ligne(_("Total"), lambda pk: True),
        "non_precise": any(st is None for _r, st in cibles),
    }


def subventions_du_sommaire(*, user, filtres: Filtres) -> QuerySet[Subvention]:
    """The grants of the perimeter with what the workbook writes, in number order; for one
    exercice, `part_exercice` is that year's répartition."""
    qs = (
        perimetre(user=user, filtres=filtres)
        .select_related("organisme__arrondissement", "programme")
        .par_numero()
    )
    if filtres.exercice is not None:
        qs = qs.avec_part_exercice(filtres.exercice)
    return qs


def versements_du_sommaire(*, user, filtres: Filtres) -> QuerySet[Versement]:
    """Every instalment of the perimeter's grants (planned, paid, retained or cancelled)."""
    return (
        _des_subventions(Versement.objects.all(), user, filtres)
        .select_related("subvention__organisme")
        .order_by(*ordre_numero("subvention__"), "rang")
    )


def obligations_du_sommaire(*, user, filtres: Filtres) -> QuerySet[Obligation]:
    """Every reporting obligation of the perimeter's grants, with its état (en retard today)."""
    return (
        _des_subventions(Obligation.objects.all(), user, filtres)
        .avec_etat()
        .select_related("subvention__organisme")
        .order_by("date_echeance", "pk")
    )


def tableau_de_bord(*, user, filtres: Filtres) -> dict:
    """Every figure of the dashboard, one entry per function above."""
    par_organisme = engage_par_organisme(user=user, filtres=filtres)
    return {
        "en_bref": en_bref(user=user, filtres=filtres),
        "situation": situation(user=user, filtres=filtres),
        "par_statut": par_statut(user=user, filtres=filtres),
        "retards": obligations_en_retard(user=user, filtres=filtres),
        "arrondissements": engage_par_arrondissement(
            user=user, filtres=filtres, par_organisme=par_organisme
        ),
        "organismes": principaux_organismes(
            user=user, filtres=filtres, par_organisme=par_organisme
        ),
        "participants": participants_par_rubrique(user=user, filtres=filtres),
    }


def lignes_du_rapport_annuel(*, user, filtres: Filtres) -> QuerySet:
    """The annual report's list of grants as plain rows (dicts: numero, nom_organisme, titre,
    statut, montant_accorde, part_exercice: the exercice's répartition), in number order: at
    20,000 grants the PDF streams these instead of building model instances."""
    qs = perimetre(user=user, filtres=filtres).par_numero().avec_part_exercice(filtres.exercice)
    return qs.annotate(nom_organisme=nom_affiche("organisme__")).values(
        "numero", "nom_organisme", "titre", "statut", "montant_accorde", "part_exercice"
    )
