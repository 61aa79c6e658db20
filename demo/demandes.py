"""The demo's applications: about 30 on the closed call, from as many organisations, submitted,
admissible, not admissible or withdrawn, then the committee's decision on every admissible one
(`decider_demandes`); for the organisation of `partenaire`, one submitted on the closed call and
a draft on the open one.
Idempotent: a call that already has applications from others is left as it is.

Written row by row rather than through the services: the closed call refuses submissions today
(rightly), and the demo must stay fast. The history names the partner or the agent."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from appels.models import (
    AutreFinancement,
    CibleDemande,
    Demande,
    DemandeService,
    LigneBudgetDemande,
    PieceDemande,
    Recevabilite,
)
from appels.services import demandes as services_demandes
from demo.fichiers import pdf_de_demo
from noyau.historique import auteur
from organismes.membres import organisme_de
from organismes.models import Organisme
from referentiel.models import LigneBudgetaire

E = Demande.Etat
# 30 applications: their states in this proportion (retenue & co. wait for the deliberation).
# Interleaved, so that a small demo (a few organisations) still has every state, and the
# committee (demo/appels.py) admissible applications to score.
GROUPES = [[E.RECEVABLE] * 12, [E.SOUMISE] * 10, [E.NON_RECEVABLE] * 5, [E.RETIREE] * 3]
ETATS = [g[i] for i in range(12) for g in GROUPES if i < len(g)]
MOTIFS_NON_RECEVABLE = [
    "Les états financiers joints datent de plus de 18 mois.",
    "L'organisme est actif depuis moins de deux ans.",
    "La résolution du conseil d'administration autorisant la demande manque.",
    "Le projet se déroule hors du territoire de Montréal.",
    "L'organisme n'est pas inscrit au registre des lobbyistes alors qu'il y est assujetti.",
]
PROJETS = [
    "Accueil et premiers pas",
    "Francisation en milieu de travail",
    "Jumelage interculturel",
    "Accompagnement vers l'emploi",
    "Parents nouvellement arrivés",
    "Jeunes leaders immigrants",
    "Logement et installation",
    "Aînés d'ici et d'ailleurs",
]


def creer_demandes(hasard, utilisateurs, appels):
    ferme, ouvert = list(appels.values())[:2]
    partenaire, agent = utilisateurs["partenaire"], utilisateurs["agent"]
    sien = organisme_de(partenaire)
    piece = pdf_de_demo("Pièce jointe", "Document joint à une demande.")
    if not ferme.demandes.exclude(organisme=sien).exists():
        autres = list(Organisme.objects.exclude(pk=sien.pk).order_by("pk")[: len(ETATS)])
        for organisme, etat in zip(autres, ETATS, strict=False):
            _demande(hasard, ferme, organisme, etat, partenaire, agent, piece)
    if not ferme.demandes.filter(organisme=sien).exists():
        _demande(hasard, ferme, sien, E.SOUMISE, partenaire, agent, piece)
    if not ouvert.demandes.filter(organisme=sien).exists():
        brouillon = services_demandes.demande_deposer(appel=ouvert, par=partenaire)
        services_demandes.demande_enregistrer(
            demande=brouillon,
            par=partenaire,
            titre_projet="Cafés-rencontres pour nouveaux arrivants",
            description_projet="Rencontres hebdomadaires dans trois bibliothèques du quartier.",
            montant_demande=Decimal("35000"),
        )


def _demande(hasard, appel, organisme, etat, partenaire, agent, piece):
    montant = Decimal(hasard.randrange(15, int(appel.montant_maximum // 1000) + 1) * 1000)
    soumise_le = appel.cloture - datetime.timedelta(days=hasard.randint(1, 40), hours=3)
    demande = Demande(
        appel=appel,
        organisme=organisme,
        etat=etat,
        titre_projet=f"{hasard.choice(PROJETS)} — {organisme.nom_legal}"[:250],
        description_projet=(
            "Un projet d'un an qui accueille les personnes nouvellement arrivées, les oriente "
            "vers les services du quartier et les accompagne dans leurs premières démarches."
        ),
        montant_demande=montant,
        date_debut=datetime.date(appel.exercice_debut, 4, 1),
        date_fin=datetime.date(appel.exercice_debut + 1, 3, 31),
        soumise_le=soumise_le,
    )
    auteur(demande, partenaire, "Soumise")
    demande.save()
    statuts = list(appel.statuts.all()[:3])
    rubrique = hasard.choice(list(appel.rubriques.all()))
    service = DemandeService.objects.create(demande=demande, rubrique=rubrique, ordre=1)
    for statut in statuts:
        CibleDemande.objects.create(
            service=service, statut=statut, participants_cibles=hasard.randint(10, 80)
        )
    lignes = list(LigneBudgetaire.objects.order_by("ordre")[:2])
    for ordre, ligne in enumerate(lignes, start=1):
        LigneBudgetDemande.objects.create(
            demande=demande, ligne=ligne, montant=(montant / len(lignes)).quantize(1), ordre=ordre
        )
    AutreFinancement.objects.create(
        demande=demande, source="Centraide du Grand Montréal", montant=Decimal("5000"), ordre=1
    )
    for document in appel.documents_requis.filter(obligatoire=True):
        fichier = PieceDemande(
            demande=demande,
            document=document,
            nom=f"{document.libelle}.pdf"[:255],
            televerse_par=partenaire,
        )
        fichier.fichier.save("piece.pdf", ContentFile(piece), save=False)
        fichier.save()
    if etat in (E.RECEVABLE, E.NON_RECEVABLE):
        Recevabilite.objects.create(
            demande=demande,
            recevable=etat == E.RECEVABLE,
            motif="" if etat == E.RECEVABLE else hasard.choice(MOTIFS_NON_RECEVABLE),
            par=agent,
            le=appel.cloture + datetime.timedelta(days=2),
        )
    return demande


# --- The deliberation on the closed call -----------------------------------------------------
MOTIFS_NON_RETENU = [
    "Le projet recoupe des services déjà financés dans le même quartier.",
    "Les cibles de participation sont peu réalistes pour le budget présenté.",
    "Le score du comité est sous la ligne de coupe de l'appel.",
    "Les partenariats annoncés ne sont pas confirmés par des lettres d'appui.",
]


def decider_demandes(appel, agent):
    """The committee's decision on every admissible application of the closed call, in the
    ranking's order: about two in five retained (one at a lower recommended amount), two on the
    waitlist, the others not retained with their reason. Every admissible application decided,
    the call left published: its ranking offers « Créer les subventions des demandes retenues ».
    Idempotent: a call with a decision already is left as it is."""
    from appels.models import Recommandation
    from appels.selectors.comite import classement
    from appels.services.comite import recommandation_decider

    if Recommandation.objects.filter(demande__appel=appel).exists():
        return
    lignes = [ligne for ligne in classement(appel=appel) if ligne.demande.etat == E.RECEVABLE]
    n = len(lignes)
    retenues = max(1, min(n - 1, round(n * 0.4)))
    attente = min(2, max(0, n - retenues - 2))
    for rang, ligne in enumerate(lignes):
        demande = ligne.demande
        if rang < retenues:
            montant = demande.montant_demande
            if rang == 1:
                # The committee may recommend less than requested.
                montant = (montant * Decimal("0.9") / 1000).quantize(1) * 1000
            recommandation_decider(
                demande=demande, par=agent, decision=E.RETENUE, montant_recommande=montant
            )
        elif rang < retenues + attente:
            recommandation_decider(
                demande=demande,
                par=agent,
                decision=E.LISTE_ATTENTE,
                motif="Retenu si une demande retenue se désiste.",
            )
        else:
            recommandation_decider(
                demande=demande,
                par=agent,
                decision=E.NON_RETENUE,
                montant_recommande=Decimal(0),
                motif=MOTIFS_NON_RETENU[rang % len(MOTIFS_NON_RETENU)],
            )
