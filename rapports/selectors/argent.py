"""Money per programme and exercice (situation), the headline figures and the grants by status."""

from decimal import Decimal

from noyau.permissions import peut
from subventions.models import Enveloppe, Programme, Repartition, Subvention
from subventions.selectors import (
    total_situation,
    totaux_subventions,
)

from .portee import Filtres, _portee, _versements_payes, perimetre, peut_voir

ZERO = Decimal("0")


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
