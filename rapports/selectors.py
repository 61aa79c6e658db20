"""Every figure of the managers' reports, computed once: the dashboard, the program summary
workbook (and later the PDFs) read these functions and nothing else.

Each function takes the user and the filters (programme, exercice), answers nothing to whoever
may not read the reports, and aggregates in the database: the number of queries does not grow
with the number of grants. The words are the ones the other apps define: engagé is
`Repartition.objects.engagees()` (approved or later), proposé is `Repartition.objects.proposees()`
(en analyse, recommandée: never inside engagé nor accordé), versé of an exercice is
`Versement.objects.payes_de_l_exercice()` and its grouping `total_par_programme_et_exercice_paye()`
(the instalments' app says which payments belong to an exercice), en retard is
`Obligation.objects.en_retard()`.

The programme page (`situation` with the permission `subventions.voir_programmes`), the annual
report PDF, the Sommaire workbook and the open data's page (`situation_publiee`) read `situation`:
enveloppe, engagé, proposé, versé and solde have one definition.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, Min, OuterRef, Q, QuerySet, Sum, Value
from django.utils.translation import gettext as _

from noyau.formats import pourcentage
from noyau.permissions import peut
from noyau.requetes import filtre_quelque_chose, parmi
from organismes.models import Organisme, nom_affiche
from reddition.models import Obligation
from reddition.selectors import requete_participants_rejoints_par_rubrique
from referentiel.models import Rubrique, StatutImmigration
from subventions.models import Enveloppe, Programme, Repartition, Subvention
from subventions.selectors import (
    COLONNES_PAR_RUBRIQUE,
    requetes_cibles_par_rubrique,
    subventions_visibles,
    total_situation,
    totaux_des_statuts,
    totaux_subventions,
)
from versements.models import Versement

from .cumuls.lecture import Sommes

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


def en_bref(*, user, filtres: Filtres, totaux=None, verse=None) -> dict:
    """The grants list's totals (subventions.selectors.totaux_subventions) over the perimeter,
    with what was paid: the headline figures. `totaux`, `verse`: those figures when the caller
    already has them (the dashboard reads them once for several of its tables)."""
    if totaux is None:
        totaux = totaux_subventions(
            subventions=perimetre(user=user, filtres=filtres), exercice=filtres.exercice
        )
    totaux = {k: v for k, v in totaux.items() if k != "par_statut"}
    if verse is None:
        verse = _versements_payes(filtres, _portee(user)).total() if peut_voir(user) else ZERO
    totaux["verse"] = verse
    return totaux


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


def _situation(filtres, portee) -> dict:
    engage, propose, programmes = {}, {}, {}
    repartitions = Repartition.objects.all()
    if filtres.programme is not None:
        repartitions = repartitions.filter(subvention__programme=filtres.programme)
    if filtres.exercice is not None:
        repartitions = repartitions.filter(exercice=filtres.exercice)
    for ligne in portee(repartitions).engage_et_propose_par_programme_et_exercice():
        cle = (ligne["programme"], ligne["exercice"])
        if ligne["engage"] is not None:
            engage[cle] = ligne["engage"]
        if ligne["propose"] is not None:
            propose[cle] = ligne["propose"]
        programmes[ligne["programme"]] = Programme(
            pk=ligne["programme"], nom=ligne["nom"], code=ligne["code"]
        )
    verse = _versements_payes(filtres, portee).total_par_programme_et_exercice_paye()
    return situation_depuis(filtres, engage, propose, verse, programmes)


def situation_depuis(filtres, engage, propose, verse, programmes=None) -> dict:
    """`situation` from its sums ({(programme pk, exercice): Decimal}: engagé, proposé, versé)
    and the envelopes, read here; `programmes`: those already known by pk (name, code)."""
    programmes = dict(programmes or {})
    enveloppes = Enveloppe.objects.order_by()
    if filtres.programme is not None:
        enveloppes = enveloppes.filter(programme=filtres.programme)
    if filtres.exercice is not None:
        enveloppes = enveloppes.filter(exercice=filtres.exercice)
    par_cle = {}
    for p, nom, code, e, m in enveloppes.values_list(
        "programme", "programme__nom", "programme__code", "exercice", "montant"
    ):
        par_cle[(p, e)] = m
        programmes[p] = Programme(pk=p, nom=nom, code=code)
    cles = set(par_cle) | set(engage) | set(verse)
    # Paid on a grant since refused or cancelled, in a programme with neither envelope nor
    # commitment in that year: rare, read apart.
    manquants = {p for p, _e in cles} - set(programmes)
    if manquants:
        programmes |= Programme.objects.only("pk", "nom", "code").in_bulk(manquants)
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
                "propose": propose.get(cle, ZERO),
                "sans_enveloppe": cle not in par_cle,
            }
        )
    total = total_situation(lignes)
    for colonne in ("verse", "propose"):
        total[colonne] = sum((ligne[colonne] for ligne in lignes), ZERO)
    return {"lignes": lignes, "total": total}


def situation(*, user, filtres: Filtres, permission="rapports.voir_tableau_de_bord") -> dict:
    """Per programme and exercice: enveloppe, engagé, versé, solde (= enveloppe − engagé) and,
    apart, proposé (the exercice's part of the grants not decided yet: what pending decisions
    would take from the solde), with the totals row (subventions.selectors.total_situation,
    overruns included). A line exists wherever there is an envelope, committed money or a
    payment (a proposal alone makes none). `permission`: the page asking (the programme page
    asks `subventions.voir_programmes`); whoever lacks it gets nothing."""
    if not peut(user, permission):
        return {"lignes": [], "total": total_situation([]) | {"verse": ZERO, "propose": ZERO}}
    return _situation(filtres, _portee(user))


def situation_publiee(*, programme, exercice) -> dict:
    """The same figures over every grant, for the open data, which the city publishes to all
    (its files list the grants approved or later: their MONTANT adds up to this engagé)."""
    return _situation(Filtres(programme=programme, exercice=exercice), lambda qs: qs)


def par_statut(*, user, filtres: Filtres, totaux=None) -> list[dict]:
    """Number of grants in each status, lifecycle order, zeros included, with their amounts in
    the column that names them: `propose` for the files not decided yet, `accorde` for those
    approved or later, neither (None) for refused or cancelled ones, whose amount nobody was
    granted. Each column then adds up to the headline figure of the same name (en_bref): both
    read the rows of `totaux_subventions` (`totaux` when the caller has it)."""
    if totaux is None:
        totaux = totaux_subventions(subventions=perimetre(user=user, filtres=filtres))
    par_code = totaux["par_statut"]
    resultat = []
    for code, libelle in Subvention.Statut.choices:
        montant = par_code.get(code, {}).get("montant") or ZERO
        resultat.append(
            {
                "statut": code,
                "libelle": libelle,
                "nombre": par_code.get(code, {}).get("nombre", 0),
                "propose": montant if code in Subvention.STATUTS_PROPOSES else None,
                "accorde": montant if code in Subvention.STATUTS_ENGAGES else None,
            }
        )
    return resultat


def total_par_statut(lignes) -> dict:
    """The totals row under par_statut(): grants, Σ proposé, Σ accordé."""
    return {
        "nombre": sum(li["nombre"] for li in lignes),
        "propose": sum((li["propose"] for li in lignes if li["propose"] is not None), ZERO),
        "accorde": sum((li["accorde"] for li in lignes if li["accorde"] is not None), ZERO),
    }


def obligations_en_retard(*, user, filtres: Filtres, limite=NB_RETARDATAIRES) -> dict:
    """Reports owed past their due date: how many, and the late organisations (most overdue
    first, with their number of late reports)."""
    retards = _des_subventions(Obligation.objects.en_retard(), user, filtres)
    # Every late organisation in one grouped query (a few hundred rows at most), counted here
    # rather than by a second query over the same rows.
    organismes = list(
        retards.order_by()
        .values("subvention__organisme")
        .annotate(
            nom=Min(nom_affiche("subvention__organisme__")),
            nombre=Count("pk"),
            plus_ancienne=Min("date_echeance"),
        )
        .order_by("plus_ancienne", "nom")
    )
    nombre = sum(ligne["nombre"] for ligne in organismes)
    organismes = organismes[:limite]
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
    return ordre_des_arrondissements(cumuls)


def ordre_des_arrondissements(cumuls) -> list[dict]:
    """{borough name or None: {"montant", "nombre"}} as engage_par_arrondissement's rows:
    largest first; equal amounts by name, "Non précisé" (no name) last among them."""
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


def _atteints_et_cibles(grants):
    """The reach (reddition's figure) and the targets (subventions') of the grants, by rubrique
    and status, from their apps' three grouped queries sent as one UNION ALL, each row tagged
    with the figure it gives."""
    rejoints = requete_participants_rejoints_par_rubrique(grants)
    par_statut, sans_statut = requetes_cibles_par_rubrique(
        grants.filter(statut__in=Subvention.STATUTS_ENGAGES)
    )
    atteints, cibles = {}, {}
    genre = IntegerField()
    lignes = (
        rejoints.annotate(genre=Value(0, output_field=genre))
        .values_list("genre", *COLONNES_PAR_RUBRIQUE)
        .union(
            par_statut.annotate(genre=Value(1, output_field=genre)).values_list(
                "genre", *COLONNES_PAR_RUBRIQUE
            ),
            sans_statut.annotate(genre=Value(1, output_field=genre)).values_list(
                "genre", *COLONNES_PAR_RUBRIQUE
            ),
            all=True,
        )
    )
    for g, rubrique, statut, n in lignes:
        (cibles if g else atteints)[(rubrique, statut)] = n
    return atteints, cibles


def participants_par_rubrique(*, user, filtres: Filtres, atteints_et_cibles=None) -> dict:
    """Participants reached (each grant's latest accepted activity report, see
    reddition.selectors) against the targets of the grants approved or later, by rubrique and
    immigration status. `atteints_et_cibles`: the two sums when the caller has them (the
    running totals), {(rubrique pk, statut pk or None): n} each.

    Reached is always per status (the report's grid); a target is per status only where the
    line sets it. A line with only its total target counts in a "statut non précisé" column,
    so that each rubrique's total target stays Σ participants visés and its total compares like
    with like; a status column's target covers only the lines that set one, so only the totals
    carry a percentage. Columns: the active statuses plus any that has a figure. Five queries.

    Returns {"statuts", "lignes", "total", "non_precise"}: each line (and the total) has
    `rubrique`, `cellules` [{"atteints", "cible"}] per status, `non_precise` (the targets
    without status), `atteints`, `cible`, `pourcentage`."""
    if atteints_et_cibles is None:
        atteints_et_cibles = _atteints_et_cibles(perimetre(user=user, filtres=filtres))
    atteints, cibles = atteints_et_cibles
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


def tableau_de_bord(*, user, filtres: Filtres, cumuls=True) -> dict:
    """Every figure of the dashboard, one entry per function above; the figures two tables
    share are read once (the grants' totals by status, the paid total, the money committed per
    organisation).

    Whoever sees every grant reads the sums from the running totals (rapports.cumuls: a few
    hundred rows instead of ten years of grants, the same figures, tests/rapports/
    test_cumuls.py); a narrower scope, or `cumuls=False`, reads them live."""
    if cumuls and peut_voir(user) and not filtre_quelque_chose(subventions_visibles(user=user)):
        sommes = Sommes(filtres)
        totaux = totaux_des_statuts(sommes.par_statut(), filtres.exercice)
        argent = situation_depuis(filtres, *sommes.argent())
        arrondissements = ordre_des_arrondissements(sommes.par_arrondissement())
        organismes = sommes.principaux_organismes(NB_ORGANISMES)
        atteints_et_cibles = sommes.atteints_et_cibles()
    else:
        totaux = totaux_subventions(
            subventions=perimetre(user=user, filtres=filtres), exercice=filtres.exercice
        )
        argent = situation(user=user, filtres=filtres)
        par_organisme = engage_par_organisme(user=user, filtres=filtres)
        arrondissements = engage_par_arrondissement(
            user=user, filtres=filtres, par_organisme=par_organisme
        )
        organismes = principaux_organismes(user=user, filtres=filtres, par_organisme=par_organisme)
        atteints_et_cibles = None
    return {
        "en_bref": en_bref(
            user=user, filtres=filtres, totaux=totaux, verse=argent["total"]["verse"]
        ),
        "situation": argent,
        "par_statut": par_statut(user=user, filtres=filtres, totaux=totaux),
        "retards": obligations_en_retard(user=user, filtres=filtres),
        "arrondissements": arrondissements,
        "organismes": organismes,
        "participants": participants_par_rubrique(
            user=user, filtres=filtres, atteints_et_cibles=atteints_et_cibles
        ),
    }
