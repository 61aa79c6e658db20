"""Demo programmes, envelopes and grants across every status, with their history."""

import datetime
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from subventions.models import (
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


def _ajouter_mois(date, mois):
    annee, m = divmod(date.month - 1 + mois, 12)
    return datetime.date(date.year + annee, m + 1, 1)


def repartir(montant, debut, fin):
    """Split an amount over the calendar years covered, in proportion to months."""
    mois = {}
    courant = debut.replace(day=1)
    while courant <= fin:
        mois[courant.year] = mois.get(courant.year, 0) + 1
        courant = _ajouter_mois(courant, 1)
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


def creer_subventions(rng, nombre, organismes, services, programmes, utilisateurs):
    """Creates the missing demo grants (numbers are deterministic, so reruns add nothing)."""
    agents = [utilisateurs["agent"], utilisateurs["agent2"]]
    gestionnaire = utilisateurs["gestionnaire"]
    services_par_org = {}
    for service in services:
        services_par_org.setdefault(service.organisme_id, []).append(service)
    existants = set(Subvention.objects.values_list("numero", flat=True))
    compteurs = {}
    nouvelles, details = [], []
    for i in range(nombre):
        annee = rng.choice((2025, 2026))
        compteurs[annee] = compteurs.get(annee, 0) + 1
        numero = f"BINAM-{annee}-{compteurs[annee]:03d}"
        # Draw every random value even for existing grants, so that the sequence stays stable.
        organisme = (
            organismes[i % len(organismes)] if i < 2 * len(organismes) else rng.choice(organismes)
        )
        programme = rng.choices(programmes, weights=[p[4] for p in PROGRAMMES])[0]
        statut = _statut(rng, i)
        chemin = _chemin(rng, statut)
        debut = datetime.date(annee, rng.choice((1, 4, 7, 9)), 1)
        duree = rng.choice((12, 12, 24))
        if debut.year == EXERCICES[-1] - 1 and debut.month > 1:
            duree = 12  # stays inside the exercices that have an envelope
        fin = _ajouter_mois(debut, duree) - datetime.timedelta(days=1)
        demande = Decimal(rng.randrange(15, 110) * 1000)
        accorde = (demande * Decimal(rng.choice(("0.8", "0.9", "1")))).quantize(Decimal("500"))
        resolution = f"CE{str(annee)[2:]} {rng.randrange(1000, 2999)}"
        gdd = f"12{rng.randrange(10**7, 10**8)}"
        agent = agents[i % 2]
        objet = rng.choice(OBJETS)
        if numero in existants:
            continue
        approuvee = S.APPROUVEE in chemin
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
            numero_resolution=resolution if approuvee else "",
            date_decision=datetime.date(annee, 2, 15) if approuvee else None,
            numero_gdd=gdd if approuvee else "",
            motif_annulation="Le projet n'a pas pu démarrer faute de locaux."
            if statut == S.ANNULEE
            else "",
        )
        nouvelles.append(subvention)
        details.append((chemin, services_par_org.get(organisme.id, [])[:2], agent))
    if not nouvelles:
        return 0
    bulk_create_with_history(
        nouvelles, Subvention, batch_size=500, default_change_reason="Données de démonstration"
    )
    creees = {
        s.numero: s for s in Subvention.objects.filter(numero__in=[s.numero for s in nouvelles])
    }
    repartitions, financements, transitions = [], [], []
    maintenant = timezone.now()
    for modele, (chemin, services_org, agent) in zip(nouvelles, details, strict=True):
        subvention = creees[modele.numero]
        if subvention.montant_accorde:
            for exercice, montant in repartir(
                subvention.montant_accorde, subvention.date_debut, subvention.date_fin
            ).items():
                repartitions.append(
                    Repartition(subvention=subvention, exercice=exercice, montant=montant)
                )
        base = subvention.montant_accorde or subvention.montant_demande
        for k, service in enumerate(services_org):
            part = (base / len(services_org)).quantize(Decimal("0.01"))
            if k == len(services_org) - 1:
                part = base - part * (len(services_org) - 1)
            financements.append(
                ServiceFinance(
                    subvention=subvention,
                    service=service,
                    participants_cibles=rng.randrange(20, 200),
                    montant=part,
                )
            )
        for k, (de, vers) in enumerate(zip([""] + chemin[:-1], chemin, strict=True)):
            par = gestionnaire if vers in (S.APPROUVEE, S.REFUSEE, S.ANNULEE) else agent
            transitions.append(
                Transition(
                    subvention=subvention,
                    de=de,
                    vers=vers,
                    par=par,
                    le=maintenant - datetime.timedelta(days=30 * (len(chemin) - k)),
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
    Transition.objects.bulk_create(transitions, batch_size=1000)
    for annee, dernier in compteurs.items():
        plus_haut = Subvention.objects.filter(numero__startswith=f"BINAM-{annee}-").aggregate(
            m=Max("numero")
        )["m"]
        valeur = max(dernier, int(plus_haut.rsplit("-", 1)[1]) if plus_haut else 0)
        SequenceNumero.objects.update_or_create(annee=annee, defaults={"dernier": valeur})
    return len(nouvelles)
