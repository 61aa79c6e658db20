"""Demo programmes, envelopes and grants across every status, with their history."""

import datetime
import random
from decimal import ROUND_DOWN, Decimal

from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from catalogue.models import ServiceIntegration
from demo.calendrier import ajouter_mois, calendrier
from subventions.models import (
    CibleStatut,
    Enveloppe,
    Programme,
    Repartition,
    SequenceNumero,
    ServiceFinance,
    Subvention,
    Transition,
)

S = Subvention.Statut
PROGRAMMES = [
    # code, nom, source, enveloppe annuelle, poids
    ("montreal-inclusive", "Montréal inclusive", Programme.Source.ENTENTE_MIFI, 1_100_000, 5),
    (
        "zones-inclusion-prioritaires",
        "Zones d'inclusion prioritaires",
        Programme.Source.ENTENTE_MIFI,
        600_000,
        3,
    ),
    ("montreal-interculturel", "Montréal interculturel", Programme.Source.VILLE, 400_000, 2),
]
EXERCICES = (2025, 2026, 2027)
CHEMIN = [
    S.EN_ANALYSE,
    S.RECOMMANDEE,
    S.APPROUVEE,
    S.CONVENTION_SIGNEE,
    S.EN_COURS,
    S.TERMINEE,
    S.FERMEE,
]
POIDS_STATUTS = [
    (S.EN_ANALYSE, 15),
    (S.RECOMMANDEE, 10),
    (S.APPROUVEE, 10),
    (S.CONVENTION_SIGNEE, 10),
    (S.EN_COURS, 25),
    (S.TERMINEE, 10),
    (S.FERMEE, 8),
    (S.REFUSEE, 7),
    (S.ANNULEE, 5),
]
# The first grants take each status in turn; shifted so that the partner organisations (the
# first two) get the one in progress and the finished one: their portal has a schedule, paid
# instalments and reports to hand in.
PREMIERE_EN_COURS = [statut for statut, _poids in POIDS_STATUTS].index(S.EN_COURS)
# The year a file opens (its number's) where its status tells it: a closed file opened in the
# first exercice, one still awaiting its decision or its start in the current one.
ANNEE_D_OUVERTURE = {
    S.TERMINEE: EXERCICES[0],
    S.FERMEE: EXERCICES[0],
    S.EN_ANALYSE: EXERCICES[1],
    S.RECOMMANDEE: EXERCICES[1],
    S.APPROUVEE: EXERCICES[1],
    S.CONVENTION_SIGNEE: EXERCICES[1],
}
OBJETS = [
    "Accueil et accompagnement",
    "Intégration socioprofessionnelle",
    "Francisation en milieu communautaire",
    "Soutien aux familles nouvellement arrivées",
    "Accompagnement des demandeurs d'asile",
    "Rapprochement interculturel",
    "Accès au logement",
    "Participation citoyenne",
    "Accompagnement des étudiants étrangers",
    "Soutien psychosocial",
]


def creer_programmes():
    programmes = []
    for code, nom, source, montant, _poids in PROGRAMMES:
        programme, _ = Programme.objects.get_or_create(
            code=code,
            defaults={
                "nom": nom,
                "source_financement": source,
                "description": f"Programme {nom} du BINAM.",
            },
        )
        for exercice in EXERCICES:
            Enveloppe.objects.get_or_create(
                programme=programme, exercice=exercice, defaults={"montant": Decimal(montant)}
            )
        programmes.append(programme)
    return programmes


def repartir(montant, debut, fin):
    """Split an amount over the calendar years covered, in proportion to months."""
    mois = {}
    courant = debut.replace(day=1)
    while courant <= fin:
        mois[courant.year] = mois.get(courant.year, 0) + 1
        courant = ajouter_mois(courant, 1)
    total = sum(mois.values())
    parts, reste = {}, montant
    annees = sorted(mois)
    for annee in annees[:-1]:
        parts[annee] = (montant * mois[annee] / total).quantize(Decimal("1"))
        reste -= parts[annee]
    parts[annees[-1]] = reste
    return parts


def _statut(rng, i):
    if i < len(POIDS_STATUTS):
        return POIDS_STATUTS[i][0]  # every status at least once
    statuts, poids = zip(*POIDS_STATUTS, strict=True)
    return rng.choices(statuts, weights=poids)[0]


def _chemin(rng, statut):
    if statut == S.REFUSEE:
        return [S.EN_ANALYSE, S.RECOMMANDEE, S.REFUSEE]
    if statut == S.ANNULEE:
        arret = rng.randrange(1, 5)
        return [*CHEMIN[:arret], S.ANNULEE]
    return CHEMIN[: CHEMIN.index(statut) + 1]


def _moment(date, rang):
    """A working hour of that day (later steps of a same day later), in Montréal time."""
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(9 + rang % 8, 30)))


def _dater_creations(ouvertures):
    """The grants and their lines were saved today; their history says when the file opened."""
    for modele, champ in (
        (Subvention, "id"),
        (Repartition, "subvention_id"),
        (ServiceFinance, "subvention_id"),
    ):
        records = list(
            modele.history.filter(history_type="+", **{f"{champ}__in": list(ouvertures)}).only(
                "history_id", champ
            )
        )
        for record in records:
            record.history_date = ouvertures[getattr(record, champ)]
        modele.history.model.objects.bulk_update(records, ["history_date"], batch_size=1000)


def _statuts_vises(services) -> dict:
    """{service pk: [statut pk, ...]} in one query."""
    liens = ServiceIntegration.statuts_vises.through.objects.filter(
        serviceintegration__in=[s.pk for s in services]
    ).order_by("statutimmigration__ordre")
    statuts = {}
    for lien in liens:
        statuts.setdefault(lien.serviceintegration_id, []).append(lien.statutimmigration_id)
    return statuts


def _plan_par_statut(rng, statuts) -> dict:
    """About two lines in five set their target per status aimed at by the service (the
    total is then their sum, as the grant form keeps it); the others only a total."""
    if not statuts or rng.random() >= 0.4:
        return {}
    return {statut: rng.randrange(5, 90) for statut in statuts}


def _creer_cibles(plans):
    if not plans:
        return
    lignes = ServiceFinance.objects.filter(subvention_id__in={s for s, _ in plans}).values_list(
        "pk", "subvention_id", "service_id"
    )
    cibles = [
        CibleStatut(service_finance_id=pk, statut_id=statut, participants_cibles=n)
        for pk, subvention, service in lignes
        for statut, n in plans.get((subvention, service), {}).items()
    ]
    bulk_create_with_history(
        cibles, CibleStatut, batch_size=1000, default_change_reason="Données de démonstration"
    )


def _placer(reste, programme, programmes, accorde, debut, fin):
    """Charges an engaged grant where envelopes have room (the demo shows a healthy programme):
    its drawn programme, else another one, else a smaller amount where most room is left.
    `reste` (what each envelope has left) is updated."""
    parts = repartir(accorde, debut, fin)

    def place(p):
        return min(reste.get((p.pk, ex), 0) / montant for ex, montant in parts.items())

    candidats = [programme, *(p for p in programmes if p != programme)]
    candidat = next((p for p in candidats if place(p) >= 1), None)
    if candidat is None:
        candidat = max(candidats, key=place)
        # Each exercice's share is rounded to the dollar: one dollar of margin per exercice.
        reduit = (accorde * place(candidat)).to_integral_value(ROUND_DOWN) - len(parts)
        accorde = max(Decimal(1000), reduit)
    for ex, montant in repartir(accorde, debut, fin).items():
        reste[candidat.pk, ex] = reste.get((candidat.pk, ex), 0) - montant
    return candidat, accorde


def creer_subventions(rng, nombre, organismes, services, programmes, utilisateurs):
    """Creates the missing demo grants (numbers are deterministic, so reruns add nothing)."""
    agents = [utilisateurs["agent"], utilisateurs["agent2"]]
    gestionnaire = utilisateurs["gestionnaire"]
    services_par_org = {}
    for service in services:
        services_par_org.setdefault(service.organisme_id, []).append(service)
    existants = set(Subvention.objects.values_list("numero", flat=True))
    reste = {
        (e.programme_id, e.exercice): e.montant
        for e in Enveloppe.objects.filter(programme__in=programmes)
    }
    aujourd_hui = timezone.localdate()
    compteurs = {}
    nouvelles, details = [], []
    for i in range(nombre):
        annee = rng.choice((2025, 2026))
        # Draw every random value even for existing grants, so that the sequence stays stable.
        organisme = (
            organismes[(i - PREMIERE_EN_COURS) % len(organismes)]
            if i < 2 * len(organismes)
            else rng.choice(organismes)
        )
        programme = rng.choices(programmes, weights=[p[4] for p in PROGRAMMES])[0]
        statut = _statut(rng, i)
        chemin = _chemin(rng, statut)
        annee = ANNEE_D_OUVERTURE.get(statut, annee)
        compteurs[annee] = compteurs.get(annee, 0) + 1
        numero = f"BINAM-{annee}-{compteurs[annee]:03d}"
        # Dates depend on today: drawn from their own generator, so that the grants after
        # this one (their numbers) stay the same whatever the day the demo is loaded.
        debut, fin, dates = calendrier(
            random.Random(rng.random()), chemin, annee, aujourd_hui, EXERCICES
        )
        demande = Decimal(rng.randrange(15, 70) * 1000)
        accorde = (demande * Decimal(rng.choice(("0.8", "0.9", "1")))).quantize(Decimal("500"))
        resolution = rng.randrange(1000, 2999)
        gdd = f"12{rng.randrange(10**7, 10**8)}"
        agent = agents[i % 2]
        objet = rng.choice(OBJETS)
        if statut in Subvention.STATUTS_ENGAGES:
            programme, accorde = _placer(reste, programme, programmes, accorde, debut, fin)
        if numero in existants:
            continue
        approuvee = S.APPROUVEE in chemin
        decision = dates.get(S.APPROUVEE)
        if statut == S.REFUSEE:
            accorde = Decimal(0)
        subvention = Subvention(
            numero=numero,
            organisme=organisme,
            programme=programme,
            titre=f"{objet} — {organisme.arrondissement or 'Montréal'}",
            description=f"{objet} des personnes nouvellement arrivées, offert par {organisme}.",
            agent=agent,
            montant_demande=demande,
            montant_accorde=accorde,
            date_debut=debut,
            date_fin=fin,
            statut=statut,
            numero_resolution=f"CE{decision:%y} {resolution}" if approuvee else "",
            date_decision=decision,
            numero_gdd=gdd if approuvee else "",
            motif_annulation="Le projet n'a pas pu démarrer faute de locaux."
            if statut == S.ANNULEE
            else "",
        )
        nouvelles.append(subvention)
        details.append((chemin, dates, services_par_org.get(organisme.id, [])[:2], agent))
    if not nouvelles:
        return 0
    bulk_create_with_history(
        nouvelles, Subvention, batch_size=500, default_change_reason="Données de démonstration"
    )
    creees = {
        s.numero: s for s in Subvention.objects.filter(numero__in=[s.numero for s in nouvelles])
    }
    repartitions, financements, transitions = [], [], []
    ouvertures, plans = {}, {}
    statuts_vises = _statuts_vises(services)
    for modele, (chemin, dates, services_org, agent) in zip(nouvelles, details, strict=True):
        subvention = creees[modele.numero]
        ouvertures[subvention.pk] = _moment(dates[S.EN_ANALYSE], 0)
        if subvention.montant_accorde:
            for exercice, montant in repartir(
                subvention.montant_accorde, subvention.date_debut, subvention.date_fin
            ).items():
                repartitions.append(
                    Repartition(subvention=subvention, exercice=exercice, montant=montant)
                )
        base = subvention.montant_accorde or subvention.montant_demande
        # Its own generator: the targets per status leave every other drawn value unchanged.
        rng_cibles = random.Random(subvention.numero)
        for k, service in enumerate(services_org):
            part = (base / len(services_org)).quantize(Decimal("0.01"))
            if k == len(services_org) - 1:
                part = base - part * (len(services_org) - 1)
            ligne = ServiceFinance(
                subvention=subvention,
                service=service,
                participants_cibles=rng.randrange(20, 200),
                montant=part,
            )
            plan = _plan_par_statut(rng_cibles, statuts_vises.get(service.pk, ()))
            if plan:
                ligne.participants_cibles = sum(plan.values())
                plans[(subvention.pk, service.pk)] = plan
            financements.append(ligne)
        for k, (de, vers) in enumerate(zip([""] + chemin[:-1], chemin, strict=True)):
            par = gestionnaire if vers in (S.APPROUVEE, S.REFUSEE, S.ANNULEE) else agent
            transitions.append(
                Transition(
                    subvention=subvention,
                    de=de,
                    vers=vers,
                    par=par,
                    le=_moment(dates[vers], k),
                    commentaire="Dossier reçu." if not de else "",
                )
            )
    bulk_create_with_history(
        repartitions, Repartition, batch_size=1000, default_change_reason="Données de démonstration"
    )
    bulk_create_with_history(
        financements,
        ServiceFinance,
        batch_size=1000,
        default_change_reason="Données de démonstration",
    )
    _creer_cibles(plans)
    Transition.objects.bulk_create(transitions, batch_size=1000)
    _dater_creations(ouvertures)
    for annee, dernier in compteurs.items():
        plus_haut = Subvention.objects.filter(annee_numero=annee).aggregate(
            m=Max("sequence_numero")
        )["m"]
        valeur = max(dernier, plus_haut or 0)
        SequenceNumero.objects.update_or_create(annee=annee, defaults={"dernier": valeur})
    return len(nouvelles)
