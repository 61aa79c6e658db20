"""Demo reporting obligations: every signed grant gets the default ones
(reddition.services.obligations), and their state tells a plausible story for today: closed
files have everything accepted; past due dates are accepted, submitted or overdue; reports
whose period is over may be in."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from demo.fichiers import pdf_de_demo
from noyau.formats import date_longue
from reddition.models import Obligation, Participation, Rapport, Suivi
from reddition.services import rapports
from reddition.services.obligations import obligation_ajouter, obligations_par_defaut
from referentiel.models import LigneBudgetaire, StatutImmigration
from subventions.models import ServiceFinance, Subvention
from versements.models import Versement

S = Subvention.Statut
ST = Obligation.Statut
SIGNEES = (S.CONVENTION_SIGNEE, S.EN_COURS, S.TERMINEE, S.FERMEE)
RAISON = "Données de démonstration"


def _statut(rng, subvention, ligne, aujourd_hui):
    if subvention.statut == S.FERMEE:
        return ST.ACCEPTE
    if ligne["date_echeance"] < aujourd_hui:
        return rng.choices([ST.ACCEPTE, ST.SOUMIS, ST.A_VENIR, ST.A_CORRIGER], [5, 2, 2, 1])[0]
    if ligne["periode_fin"] < aujourd_hui:
        return rng.choices([ST.SOUMIS, ST.A_VENIR], [1, 2])[0]
    return ST.A_VENIR


def _moment(jour):
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(10)))


def _suivis(obligation, statut, par, aujourd_hui):
    # Received around the due date (never after today), reviewed a week later.
    recu = min(obligation.date_echeance - datetime.timedelta(days=3), aujourd_hui)
    recu = max(recu, obligation.periode_fin)
    revu = min(recu + datetime.timedelta(days=7), aujourd_hui)
    suivis = [Suivi(obligation=obligation, action="soumise", par=par, le=_moment(recu))]
    if statut == ST.ACCEPTE:
        suivis.append(Suivi(obligation=obligation, action="acceptee", par=par, le=_moment(revu)))
    if statut == ST.A_CORRIGER:
        suivis.append(
            Suivi(
                obligation=obligation,
                action="a_corriger",
                par=par,
                le=_moment(revu),
                commentaire="Ajoutez les participants rejoints par statut d'immigration.",
            )
        )
    return suivis


def creer_obligations(rng):
    """Creates the missing obligations of the signed demo grants (reruns add nothing)."""
    aujourd_hui = timezone.localdate()
    subventions = (
        Subvention.objects.filter(statut__in=SIGNEES, obligations__isnull=True)
        .select_related("agent")
        .order_by("numero")
    )
    nouvelles, statuts = [], []
    for subvention in subventions:
        for ligne in obligations_par_defaut(subvention=subvention):
            statut = _statut(rng, subvention, ligne, aujourd_hui)
            nouvelles.append(Obligation(subvention=subvention, statut=statut, **ligne))
            statuts.append((statut, subvention.agent))
    if not nouvelles:
        return 0
    creees = bulk_create_with_history(
        nouvelles, Obligation, batch_size=500, default_change_reason=RAISON
    )
    if not all(o.pk for o in creees):  # a database that returns no keys from a bulk insert
        # A multi-year grant has one rapport d'étape per year: the period tells them apart.
        cles = {(o.subvention_id, o.type, o.periode_fin): o for o in nouvelles}
        creees = [
            o
            for o in Obligation.objects.filter(subvention__in=[n.subvention_id for n in nouvelles])
            if (o.subvention_id, o.type, o.periode_fin) in cles
        ]
        creees.sort(key=lambda o: nouvelles.index(cles[(o.subvention_id, o.type, o.periode_fin)]))
    suivis = []
    for obligation, (statut, agent) in zip(creees, statuts, strict=True):
        if statut != ST.A_VENIR:
            suivis.extend(_suivis(obligation, statut, agent, aujourd_hui))
    Suivi.objects.bulk_create(suivis, batch_size=1000)
    return len(nouvelles)


def liberer_versements_des_rapports_acceptes():
    """The demo's accepted reports release the instalments that wait on them, as
    obligation_accepter does in the application (runs after both schedules and obligations)."""
    acceptes = Obligation.objects.filter(statut=ST.ACCEPTE)
    attente = Versement.objects.filter(condition_remplie=False)
    liberes = attente.filter(
        condition=Versement.Condition.RAPPORT_FINAL,
        subvention__in=acceptes.filter(type=Obligation.Type.RAPPORT_FINAL).values("subvention"),
    ).update(condition_remplie=True)
    # A rapport d'étape releases the exercice after the year it covers, and earlier ones.
    jusqu_a = {}
    for subvention, fin in acceptes.filter(type=Obligation.Type.RAPPORT_ETAPE).values_list(
        "subvention", "periode_fin"
    ):
        jusqu_a[subvention] = max(jusqu_a.get(subvention, 0), fin.year + 1)
    for subvention, exercice in jusqu_a.items():
        liberes += attente.filter(
            condition=Versement.Condition.RAPPORT_ETAPE,
            subvention=subvention,
            exercice__lte=exercice,
        ).update(condition_remplie=True)
    return liberes


# --- Partner reports in the portal (through the services, as a partner and its officer would) --

ACTIVITES = (
    "Séances d'accueil hebdomadaires, accompagnement individuel vers le logement et l'emploi, "
    "ateliers de francisation en partenariat avec le centre de services scolaire."
)
COMMENTAIRE_CORRECTION = (
    "Les dépenses de salaires dépassent la part prévue au budget: joignez le détail des "
    "heures et précisez les participants demandeurs d'asile."
)


def _subvention_du_portail(organisme):
    return (
        Subvention.objects.filter(
            organisme=organisme,
            statut__in=(S.CONVENTION_SIGNEE, S.EN_COURS),
            services_finances__isnull=False,
            agent__isnull=False,
            date_debut__lt=timezone.localdate() - datetime.timedelta(days=60),
        )
        .distinct()
        .order_by("numero")
        .first()
    )


def organismes_du_portail(organismes):
    """The two demo partners' organisations: the first ones (in `organismes` order) with a grant
    under way, whose reports can be written in the portal; the first two otherwise."""
    retenus = [o for o in organismes if _subvention_du_portail(o) is not None][:2]
    for organisme in organismes:
        if len(retenus) == 2:
            break
        if organisme not in retenus:
            retenus.append(organisme)
    return retenus


def _grille(subvention, rng):
    participants = {
        (sf.pk, st.pk): rng.randint(0, 25)
        for sf in subvention.services_finances.all()
        for st in StatutImmigration.objects.actifs()
    }
    depenses = {
        ligne.pk: Decimal(f"{rng.randint(200, 6000)}.{rng.randint(0, 99):02d}")
        for ligne in LigneBudgetaire.objects.actifs()
    }
    return participants, depenses


def _piece(obligation):
    """The attendance list attached to a demo report: a real one-page PDF."""
    contenu = pdf_de_demo(
        "Liste des présences",
        str(obligation.subvention.organisme),
        f"{obligation.get_type_display()}, {obligation.subvention.numero}",
        f"Période du {date_longue(obligation.periode_debut)} au "
        f"{date_longue(obligation.periode_fin)}",
    )
    return ContentFile(contenu, name="liste-des-presences.pdf")


def creer_rapports(rng, membres):
    """For each demo partner (`membres`: username → user): an accepted report, one sent back
    with the officer's comment, and one due soon with a saved draft (reruns add nothing)."""
    aujourd_hui = timezone.localdate()
    crees = 0
    for partenaire in membres:
        organisme = partenaire.membre.organisme
        subvention = _subvention_du_portail(organisme)
        if (
            subvention is None
            or Rapport.objects.filter(obligation__subvention__organisme=organisme).exists()
        ):
            continue
        agent = subvention.agent
        debut = subvention.date_debut
        jour = datetime.timedelta(days=1)
        # (days from today to the end of the period covered, to the due date; what happens)
        etapes = [(-80, -50, "accepte"), (-30, 7, "a_corriger"), (-3, 10, "brouillon")]
        for fin, echeance, issue in etapes:
            obligation = obligation_ajouter(
                subvention=subvention,
                par=agent,
                type=Obligation.Type.RAPPORT_ETAPE,
                periode_debut=debut,
                periode_fin=max(aujourd_hui + fin * jour, debut),
                date_echeance=max(aujourd_hui + echeance * jour, debut),
            )
            participants, depenses = _grille(subvention, rng)
            rapports.rapport_enregistrer(
                obligation=obligation,
                par=partenaire,
                activites=ACTIVITES,
                participants=participants,
                depenses=depenses,
                pieces_ajoutees=[_piece(obligation)],
            )
            if issue != "brouillon":
                rapports.rapport_soumettre(obligation=obligation, par=partenaire)
            if issue == "accepte":
                rapports.rapport_accepter(obligation=obligation, par=agent, commentaire="Complet.")
            if issue == "a_corriger":
                rapports.rapport_a_corriger(
                    obligation=obligation, par=agent, commentaire=COMMENTAIRE_CORRECTION
                )
            crees += 1
    return crees


def creer_participations_acceptees(rng):
    """The demo's accepted activity reports that have no report yet (the obligations made in
    bulk above) get one, accepted, with participants reached: the dashboard's participants
    chart then has content. Reports are cumulative: a grant's final report restates its
    mid-way numbers and adds to them. Each funded line reaches 30 % to 120 % of its target,
    spread over the statuses its service aims at. Reruns add nothing."""
    obligations = list(
        Obligation.objects.filter(
            statut=ST.ACCEPTE,
            type__in=(Obligation.Type.RAPPORT_ETAPE, Obligation.Type.RAPPORT_FINAL),
            rapport__isnull=True,
        )
        .select_related("subvention__organisme")
        .order_by("subvention__numero", "periode_fin")
    )
    if not obligations:
        return 0
    lignes = {}
    for sf in ServiceFinance.objects.filter(
        subvention__in={o.subvention_id for o in obligations}
    ).prefetch_related("service__statuts_vises"):
        lignes.setdefault(sf.subvention_id, []).append(sf)
    cumul = {}  # (line, status) → reached so far, so that later reports only grow
    nouveaux = []
    for obligation in obligations:
        finale = obligation.type == Obligation.Type.RAPPORT_FINAL
        rapport = Rapport.objects.create(
            obligation=obligation,
            statut=Rapport.Statut.ACCEPTE,
            activites=ACTIVITES,
            soumis_le=_moment(obligation.date_echeance),
        )
        for sf in lignes.get(obligation.subvention_id, []):
            statuts = list(sf.service.statuts_vises.all()) or [None]
            part = sf.participants_cibles * rng.randint(30, 120) // 100 // len(statuts)
            for st in statuts:
                if st is None:
                    continue
                cle = (sf.pk, st.pk)
                nombre = part if finale else part // 2
                cumul[cle] = max(cumul.get(cle, 0), nombre)
                nouveaux.append(
                    Participation(rapport=rapport, service_finance=sf, statut=st, nombre=cumul[cle])
                )
    Participation.objects.bulk_create(nouveaux, batch_size=1000)
    return len(obligations)
