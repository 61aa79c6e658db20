"""The demo's calls for projects: one closed (its committee assigned), one open, one upcoming,
each with the standard grid, an eligibility checklist and required documents. Idempotent: a
call already there (by title) is left as it is."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from appels import services
from appels.models import MONTREAL, AppelDeProjets
from demo.fichiers import pdf_de_demo
from noyau.historique import auteur
from referentiel.models import Rubrique, StatutImmigration, Territoire

GRILLE = [
    (
        "Pertinence",
        "Le projet répond-il aux besoins des personnes visées et aux priorités de l'appel?",
        30,
    ),
    ("Faisabilité", "Calendrier, ressources et expérience de l'organisme.", 25),
    ("Partenariats", "Collaborations avec le milieu et les autres services.", 15),
    ("Budget", "Coûts réalistes et autres sources de financement.", 15),
    ("Retombées", "Résultats attendus et moyens de les mesurer.", 15),
]
REGLES = [
    {"type": "neq", "annees": None, "libelle": "Organisme à but non lucratif"},
    {"type": "anciennete", "annees": 2, "libelle": ""},
    {"type": "conseil_montrealais", "annees": None, "libelle": ""},
    {"type": "assemblee_annuelle", "annees": None, "libelle": "Dans les 15 derniers mois"},
    {"type": "lobbyistes", "annees": None, "libelle": ""},
    {"type": "territoire", "annees": None, "libelle": ""},
]
DOCUMENTS = [
    ("Lettres patentes", True),
    ("Derniers états financiers", True),
    ("Résolution du conseil d'administration autorisant la demande", True),
    ("Budget détaillé du projet", True),
    ("Lettres d'appui de partenaires", False),
]
ZONES = [
    "Montréal-Nord",
    "Villeray–Saint-Michel–Parc-Extension",
    "Saint-Léonard",
    "Rivière-des-Prairies–Pointe-aux-Trembles",
]


def _a_heure(jours, heure):
    """`jours` days from today at `heure` o'clock, Montréal time."""
    jour = timezone.localdate() + datetime.timedelta(days=jours)
    return timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure)), MONTREAL)


def _appels(programmes):
    par_code = {p.code: p for p in programmes}
    annee = timezone.localdate().year
    return [
        {
            "titre": f"Montréal inclusive {annee + 1}",
            "programme": par_code["montreal-inclusive"],
            "exercice": annee + 1,
            "budget": Decimal("2000000"),
            "maximum": Decimal("100000"),
            "ouverture": _a_heure(-75, 9),
            "cloture": _a_heure(-12, 16),
            "rubriques": 4,
            "zones": False,
        },
        {
            "titre": f"Zones d'inclusion prioritaires {annee + 1}",
            "programme": par_code["zones-inclusion-prioritaires"],
            "exercice": annee + 1,
            "budget": Decimal("600000"),
            "maximum": Decimal("75000"),
            "ouverture": _a_heure(-20, 9),
            "cloture": _a_heure(25, 16),
            "rubriques": 7,
            "zones": True,
        },
        {
            "titre": f"Montréal interculturel {annee + 2}",
            "programme": par_code["montreal-interculturel"],
            "exercice": annee + 2,
            "budget": Decimal("400000"),
            "maximum": Decimal("40000"),
            "ouverture": _a_heure(30, 9),
            "cloture": _a_heure(90, 16),
            "rubriques": 2,
            "zones": False,
        },
    ]


def creer_appels(utilisateurs, programmes):
    """Creates the missing calls (through the services, by `agent`), published; the closed one
    gets `evaluateur` and `evaluateur2` on its committee. Returns the calls by title."""
    agent = utilisateurs["agent"]
    rubriques = list(Rubrique.objects.order_by("ordre", "nom"))
    statuts = list(StatutImmigration.objects.order_by("ordre", "nom"))
    zones = list(Territoire.objects.filter(nom__in=ZONES))
    appels = {}
    for donnees in _appels(programmes):
        appel = AppelDeProjets.objects.filter(titre=donnees["titre"]).first()
        if appel is None:
            appel = _creer(donnees, agent, rubriques, statuts, zones)
        appels[appel.titre] = appel
    ferme = appels[_appels(programmes)[0]["titre"]]
    for nom in ("evaluateur", "evaluateur2"):
        if not ferme.evaluateurs.filter(user=utilisateurs[nom]).exists():
            services.evaluateur_ajouter(appel=ferme, user=utilisateurs[nom], par=agent)
    return appels


def _creer(donnees, agent, rubriques, statuts, zones):
    titre = donnees["titre"]
    guide = pdf_de_demo(
        f"Guide de l'appel « {titre} »",
        f"Programme {donnees['programme']} — exercice {donnees['exercice']}.",
        "Admissibilité, documents à joindre, grille d'évaluation.",
    )
    appel = services.appel_creer(
        par=agent,
        programme=donnees["programme"],
        exercice_debut=donnees["exercice"],
        exercice_fin=donnees["exercice"],
        titre=titre,
        description=(
            "Cet appel soutient des projets qui facilitent l'installation et la participation "
            "des personnes immigrantes à la vie montréalaise. Les organismes présentent un "
            "projet d'au plus un an, avec ses services, ses cibles par statut et son budget."
        ),
        guide=ContentFile(guide, name=f"guide-{donnees['programme'].code}.pdf"),
        budget=donnees["budget"],
        montant_minimum=Decimal("10000"),
        montant_maximum=donnees["maximum"],
        ouverture=donnees["ouverture"],
        cloture=donnees["cloture"],
        rubriques=rubriques[: donnees["rubriques"]],
        statuts=statuts,
        territoires_prioritaires=zones if donnees["zones"] else (),
        criteres=[
            {"libelle": libelle, "guide": guide_critere, "note_maximale": 10, "ponderation": poids}
            for libelle, guide_critere, poids in GRILLE
        ],
        regles=REGLES,
        documents=[{"libelle": libelle, "obligatoire": o} for libelle, o in DOCUMENTS],
    )
    if appel.cloture > timezone.now():
        return services.appel_publier(appel=appel, par=agent)
    # A call whose closing time has passed was published back then: its publication is
    # recorded as it happened, the service refusing (rightly) to publish a closed call today.
    appel.etat = AppelDeProjets.Etat.PUBLIE
    appel.publie_le = appel.ouverture - datetime.timedelta(days=7)
    auteur(appel, agent, "Publié")
    appel.save()
    return appel
