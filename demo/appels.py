"""The demo's calls for projects: one closed (its committee assigned), one open, one upcoming,
each with the standard grid, an eligibility checklist and required documents. Idempotent: a
call already there (by title) is left as it is."""

import datetime
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from appels.models import MONTREAL, AppelDeProjets
from appels.services import appels as services
from demo.demandes import creer_demandes, decider_demandes
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


def creer_appels(utilisateurs, programmes, hasard=None):
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
    # The applications first (demo/demandes.py): the committee scores the admissible ones.
    creer_demandes(hasard or random.Random(0), utilisateurs, appels)
    creer_evaluations(ferme, utilisateurs)
    decider_demandes(ferme, agent)
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


# --- The committee at work on the closed call ------------------------------------------------
PROJETS = [
    "Premiers pas à Montréal",
    "Café-rencontre des nouveaux arrivants",
    "Mentorat vers l'emploi",
    "Francisation en milieu de travail",
    "Accueil des familles réfugiées",
    "Jeunes ambassadeurs de quartier",
    "Cuisine collective interculturelle",
    "Clinique d'information juridique",
    "Parrainage civique",
    "Aînés immigrants en réseau",
]


def creer_evaluations(appel, utilisateurs):
    """The closed call's admissible applications (ten, from as many organisations, when it has
    none yet) and the committee's work on them: `evaluateur` has submitted all but two (one
    draft, one not begun), `evaluateur2` declared a conflict on one and submitted half."""
    from appels.models import Conflit, Demande
    from appels.selectors.comite import ETATS_EVALUES
    from appels.services import comite as services_comite
    from organismes.models import Organisme

    # Admissible, decided or not: the deliberation (demo/demandes.py) decides them all, and a
    # second run must not take a decided call for one with nothing to score.
    recevables = list(appel.demandes.filter(etat__in=ETATS_EVALUES).order_by("pk"))
    if not recevables:
        deja = appel.demandes.values("organisme")
        organismes = Organisme.objects.exclude(pk__in=deja).order_by("pk")[: len(PROJETS)]
        debut = datetime.date(appel.exercice_debut, 4, 1)
        for i, (organisme, titre) in enumerate(zip(organismes, PROJETS, strict=False)):
            demande = Demande(
                appel=appel,
                organisme=organisme,
                etat=Demande.Etat.RECEVABLE,
                titre_projet=titre,
                montant_demande=Decimal(35000 + 6500 * i),
                date_debut=debut,
                date_fin=debut.replace(year=debut.year + 1) - datetime.timedelta(days=1),
                soumise_le=appel.cloture - datetime.timedelta(days=2, hours=i),
            )
            auteur(demande, utilisateurs["agent"], "Demande recevable")
            demande.save()
            recevables.append(demande)
    if len(recevables) < 2:
        # A small demo (the browser tests' four organisations): screen submitted applications
        # (never the partner's own, which stays submitted) until the committee has two.
        from organismes.membres import organisme_de

        soumises = (
            appel.demandes.filter(etat=Demande.Etat.SOUMISE)
            .exclude(organisme=organisme_de(utilisateurs["partenaire"]))
            .order_by("pk")
        )
        for demande in soumises[: 2 - len(recevables)]:
            demande.etat = Demande.Etat.RECEVABLE
            auteur(demande, utilisateurs["agent"], "Demande recevable")
            demande.save()
            recevables.append(demande)
    un, deux = utilisateurs["evaluateur"], utilisateurs["evaluateur2"]
    if Conflit.objects.filter(demande__appel=appel, evaluateur__in=[un, deux]).exists():
        return
    criteres = list(appel.criteres.all())

    def noter(membre, rang, decalage, soumettre=True, fixe=None):
        demande = recevables[rang]
        services_comite.conflit_declarer(demande=demande, par=membre, a_conflit=False)
        notes = {
            c.pk: (
                Decimal(fixe or 4 + (rang * 3 + c.ordre + decalage) % 7),
                f"Appréciation « {c.libelle} » : voir le dossier.",
            )
            for c in criteres
        }
        services_comite.evaluation_enregistrer(
            demande=demande, par=membre, notes=notes, soumettre=soumettre
        )

    n = len(recevables)
    for rang in range(n - 1):  # the last one not begun
        # The second application: 90 from one, 50 from the other, a spread the ranking flags;
        # the one before the last a draft, when there are enough to spare one.
        brouillon = n >= 4 and rang == n - 2
        noter(un, rang, 0, soumettre=not brouillon, fixe=9 if rang == 1 else None)
    services_comite.conflit_declarer(
        demande=recevables[0],
        par=deux,
        a_conflit=True,
        commentaire="Je siège au conseil d'administration de cet organisme.",
    )
    for rang in range(1, len(recevables) // 2 + 1):
        noter(deux, rang, 1, fixe=5 if rang == 1 else None)
