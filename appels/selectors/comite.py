"""Reads of the selection committee's work: what an évaluateur may see (its calls, their
applications less those it declared a conflict on), the committee's progress, the ranking.

An évaluateur reaches a call or an application only through these scoped QuerySets: another
call's, or a conflicted application, is not found (404), never refused with its title shown.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Q, QuerySet

from ..models import AppelDeProjets, Conflit, Demande, Evaluation, Recommandation

D = Demande.Etat
# The applications the committee scores: admissible, and the same once the deliberation ranked
# them (the decision moves their state on; they stay in the ranking).
ETATS_EVALUES = (D.RECEVABLE, *Demande.DECISIONS_DU_COMITE)
CENTIEME = Decimal("0.01")
MILLIONIEME = Decimal("0.000001")


def _conflit(user):
    return Conflit.objects.filter(demande=OuterRef("pk"), evaluateur_id=user.pk, a_conflit=True)


def appels_de_l_evaluateur(*, user) -> QuerySet[AppelDeProjets]:
    """The calls whose committee `user` sits on (a draft never has applications to score)."""
    return (
        AppelDeProjets.objects.filter(evaluateurs__user_id=user.pk)
        .exclude(etat=AppelDeProjets.Etat.BROUILLON)
        .select_related("programme")
        .avec_etat_effectif()
        .distinct()
    )


def demandes_de_l_evaluateur(*, user, appel=None) -> QuerySet[Demande]:
    """The applications `user` may open: scored ones of its calls, less the conflicted ones;
    each annotated with where `user` stands on it (declared, draft, submitted)."""
    demandes = Demande.objects.filter(
        etat__in=ETATS_EVALUES, appel__in=appels_de_l_evaluateur(user=user).values("pk")
    )
    if appel is not None:
        demandes = demandes.filter(appel=appel)
    siennes = Evaluation.objects.filter(demande=OuterRef("pk"), evaluateur_id=user.pk)
    return (
        demandes.filter(~Exists(_conflit(user)))
        .annotate(
            declaree=Exists(Conflit.objects.filter(demande=OuterRef("pk"), evaluateur_id=user.pk)),
            en_brouillon=Exists(siennes.filter(soumise_le__isnull=True)),
            soumise=Exists(siennes.filter(soumise_le__isnull=False)),
        )
        .select_related("organisme", "appel")
        .order_by("titre_projet", "pk")
    )


def avancement(demandes) -> dict:
    """An évaluateur's progress over `demandes` (annotated by `demandes_de_l_evaluateur`)."""
    total = len(demandes)
    soumises = sum(1 for d in demandes if d.soumise)
    return {
        "total": total,
        "declarees": sum(1 for d in demandes if d.declaree),
        "soumises": soumises,
        "reste": total - soumises,
    }


def _lignes(criteres, evaluation):
    notes = {n.critere_id: n for n in evaluation.notes.all()}
    return [(c, notes.get(c.pk)) for c in criteres]


def fiche_evaluation(*, demande, user) -> dict:
    """One application's scoring page: the grid, `user`'s evaluation and its scores by
    criterion, and every submitted evaluation (shown only where the rule allows)."""
    criteres = list(demande.appel.criteres.all())
    evaluation = (
        Evaluation.objects.filter(demande=demande, evaluateur_id=user.pk)
        .prefetch_related("notes")
        .first()
    )
    autres = (
        Evaluation.objects.filter(demande=demande, soumise_le__isnull=False)
        .exclude(evaluateur_id=user.pk)
        .select_related("evaluateur")
        .prefetch_related("notes")
    )
    return {
        "criteres": criteres,
        "evaluation": evaluation,
        "lignes": _lignes(criteres, evaluation) if evaluation else [(c, None) for c in criteres],
        "autres": [{"evaluation": e, "lignes": _lignes(criteres, e)} for e in autres],
    }


# --- Staff: the committee's progress ---------------------------------------------------------
def avancement_comite(*, appel) -> list[dict]:
    """Per member of the committee: applications to score, declared, conflicts (named), drafts,
    submitted, and what is left. Four queries whatever the committee's size."""
    demandes = Demande.objects.filter(appel=appel, etat__in=ETATS_EVALUES)
    total = demandes.count()
    conflits = {}
    declarees = {}
    for c in Conflit.objects.filter(demande__in=demandes).select_related("demande__organisme"):
        declarees[c.evaluateur_id] = declarees.get(c.evaluateur_id, 0) + 1
        if c.a_conflit:
            conflits.setdefault(c.evaluateur_id, []).append(c.demande)
    evaluations = {
        r["evaluateur_id"]: r
        for r in Evaluation.objects.filter(demande__in=demandes)
        .values("evaluateur_id")
        .annotate(
            soumises=Count("pk", filter=Q(soumise_le__isnull=False)),
            brouillons=Count("pk", filter=Q(soumise_le__isnull=True)),
        )
        .order_by()
    }
    lignes = []
    for membre in appel.evaluateurs.select_related("user"):
        uid = membre.user_id
        siens = evaluations.get(uid, {})
        a_evaluer = total - len(conflits.get(uid, []))
        soumises = siens.get("soumises", 0)
        lignes.append(
            {
                "membre": membre,
                "a_evaluer": a_evaluer,
                "declarees": declarees.get(uid, 0),
                "conflits": conflits.get(uid, []),
                "brouillons": siens.get("brouillons", 0),
                "soumises": soumises,
                "reste": a_evaluer - soumises,
            }
        )
    return lignes


# --- Staff: the deliberation's ranking -------------------------------------------------------
def arrondi(valeur) -> Decimal | None:
    """A score read from the database, to the cent. SQLite computes in binary floating point:
    going through six decimals first drops its last-digit noise (72.12499999999 is 72.125),
    so a score of 72.125 rounds to 72.13 on every database."""
    if valeur is None:
        return None
    if not isinstance(valeur, Decimal):  # a float: its shortest decimal writing
        valeur = Decimal(str(valeur))
    return valeur.quantize(MILLIONIEME, ROUND_HALF_UP).quantize(CENTIEME, ROUND_HALF_UP)


def scores_par_demande(*, appel) -> dict[int, dict]:
    """Per application of `appel`: the mean of its submitted evaluations' weighted scores (each
    stored on submission, out of 100: `score_pondere`), their highest and lowest, their number.
    One grouped query."""
    lignes = (
        Evaluation.objects.filter(demande__appel=appel, soumise_le__isnull=False)
        .values_list("demande_id")
        .annotate(moyenne=Avg("score"), haut=Max("score"), bas=Min("score"), nb=Count("pk"))
        .order_by()
    )
    return {
        pk: {"moyenne": arrondi(moyenne), "haut": arrondi(haut), "bas": arrondi(bas), "nb": nb}
        for pk, moyenne, haut, bas, nb in lignes
    }


def montant_retenu(montant_recommande, montant_demande) -> Decimal:
    """The amount recommended for an application: the deliberation's, or the amount requested
    until the deliberation sets one. The ranking, its workbook, the minutes and the call's
    dashboard all count it through here."""
    if montant_recommande is not None:
        return montant_recommande
    return montant_demande or Decimal(0)


def montant_recommande_de(demande) -> Decimal:
    """`montant_retenu` of `demande` read with its `recommandation`."""
    recommandation = getattr(demande, "recommandation", None)
    recommande = recommandation.montant_recommande if recommandation is not None else None
    return montant_retenu(recommande, demande.montant_demande)


def decisions(demandes) -> dict:
    """Per decision (retenue, liste d'attente, non retenue, and `None`: not decided yet): the
    number of applications and their recommended amount. `demandes`: applications read with
    their `recommandation`, or the ranking's lines."""
    totaux = {
        cle: {"nombre": 0, "montant": Decimal(0)} for cle in (*Recommandation.Decision.values, None)
    }
    for demande in demandes:
        demande = getattr(demande, "demande", demande)
        recommandation = getattr(demande, "recommandation", None)
        total = totaux[recommandation.decision if recommandation is not None else None]
        total["nombre"] += 1
        total["montant"] += montant_recommande_de(demande)
    return totaux


@dataclass
class LigneClassement:
    rang: int
    demande_id: int
    moyenne: Decimal | None
    ecart: Decimal | None
    ecart_signale: bool
    nb_evaluations: int
    montant_recommande: Decimal
    cumul: Decimal
    sous_la_ligne: bool = False
    ligne_de_coupe: bool = False
    # The application itself (organisation, decision, who decided), once `completer` read it.
    demande: Demande | None = None
    recommandation: object = None


def classement(*, appel, complet=True) -> list[LigneClassement]:
    """The ranking: applications by weighted score (unscored last), the spread flagged above the
    call's `ecart_signale`, the recommended amount (the requested one until the deliberation
    sets it) cumulated in rank order against the call's budget. The first row whose cumulated
    amount exceeds the budget carries the cut line; it and the rows after it are below it.
    Ranking and cut need only each application's amounts: they are read as values; `complet`
    then reads every row's application (`completer`; the page completes only the rows it shows:
    500 applications as model instances took longer than ranking them). Three queries whatever
    the number of applications and évaluateurs."""
    scores = scores_par_demande(appel=appel)
    montants = Demande.objects.filter(appel=appel, etat__in=ETATS_EVALUES).values_list(
        "pk", "montant_demande", "recommandation__montant_recommande"
    )
    vide = {"moyenne": None, "haut": None, "bas": None, "nb": 0}

    def cle(ligne):
        moyenne = scores.get(ligne[0], vide)["moyenne"]
        return (moyenne is None, -(moyenne or 0), ligne[0])

    lignes, cumul, coupee = [], Decimal(0), False
    for rang, (pk, demande, recommande) in enumerate(sorted(montants, key=cle), start=1):
        s = scores.get(pk, vide)
        montant = montant_retenu(recommande, demande)
        ecart = s["haut"] - s["bas"] if s["nb"] else None
        cumul += montant
        ligne = LigneClassement(
            rang=rang,
            demande_id=pk,
            moyenne=s["moyenne"],
            ecart=ecart,
            ecart_signale=ecart is not None and ecart > appel.ecart_signale,
            nb_evaluations=s["nb"],
            montant_recommande=montant,
            cumul=cumul,
        )
        if not coupee and cumul > appel.budget:
            ligne.ligne_de_coupe = coupee = True
        ligne.sous_la_ligne = coupee
        lignes.append(ligne)
    return completer(lignes, appel=appel) if complet else lignes


# What a ranking row shows, on the page, in its workbook and in the minutes: the application's
# title and amount, its organisation's name and verification, its decision and who made it.
# Read alone rather than every column of the four tables: a third of `completer`'s time.
CHAMPS_D_UNE_LIGNE = (
    "titre_projet",
    "etat",  # a waitlisted row of a decided call links to its retaining page
    "montant_demande",
    "organisme__nom_legal",
    "organisme__nom_usage",
    "organisme__verifie_le",
    "recommandation__decision",
    "recommandation__motif",
    "recommandation__montant_recommande",
    "recommandation__decide_le",
    "recommandation__version",
    "recommandation__decide_par__username",
    "recommandation__decide_par__first_name",
    "recommandation__decide_par__last_name",
)


def completer(lignes, *, appel):
    """Gives ranking rows their application, organisation and decision (with who decided), in
    one query for the rows given."""
    demandes = (
        Demande.objects.select_related("organisme", "recommandation", "recommandation__decide_par")
        .only(*CHAMPS_D_UNE_LIGNE)
        .in_bulk([ligne.demande_id for ligne in lignes])
    )
    for ligne in lignes:
        ligne.demande = demandes[ligne.demande_id]
        ligne.demande.appel = appel  # its name, when it has no title, says the call's
        ligne.recommandation = getattr(ligne.demande, "recommandation", None)
    return lignes
