"""Demo organisations and integration services: realistic, deterministic for a given seed."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from catalogue.models import ServiceIntegration
from demo.fichiers import pdf_de_demo
from organismes.models import Contact, Document, Organisme
from organismes.validators import luhn_valide
from referentiel.models import Rubrique, StatutImmigration, Territoire

TYPES = [
    "Centre d'accueil et d'intégration",
    "Carrefour d'intégration",
    "Maison des familles",
    "Service d'orientation des nouveaux arrivants",
    "Centre communautaire",
    "Table de concertation",
    "Centre de ressources",
    "Regroupement interculturel",
    "Collectif d'entraide",
    "Maison d'accueil",
]
NOMS_SERVICES = {
    "sinstaller-se-loger": ["Accompagnement à la recherche de logement", "Accueil et installation"],
    "travailler": ["Préparation à l'emploi", "Mentorat professionnel"],
    "parler-francais": ["Ateliers de francisation", "Cafés-causeries en français"],
    "etudier-competences": ["Reconnaissance des acquis et des diplômes", "Aide aux devoirs"],
    "sante-services-sociaux": ["Orientation vers le réseau de la santé", "Soutien psychosocial"],
    "vivre-a-montreal": ["Découverte du quartier", "Activités culturelles familiales"],
    "participer-simpliquer": ["Ateliers sur les droits et recours", "Initiation au bénévolat"],
}
PUBLICS = {
    "resident-permanent": "des résident·e·s permanent·e·s",
    "travailleur-temporaire": "des travailleur·euse·s temporaires",
    "etudiant-international": "des étudiant·e·s internationaux·ales",
    "demandeur-asile": "des demandeur·euse·s d'asile",
    "refugie-protege": "des personnes réfugiées",
}
PRENOMS = [
    "Nadia",
    "Jean-François",
    "Fatima",
    "Olivier",
    "Mei",
    "Yves",
    "Samira",
    "Daniel",
    "Aïcha",
    "Mathieu",
    "Ana",
    "Hugo",
    "Leïla",
    "Pierre",
    "Chantal",
    "Rania",
]
NOMS = [
    "Bouchard",
    "Nguyen",
    "Côté",
    "Haddad",
    "Pelletier",
    "Rodríguez",
    "Roy",
    "Mensah",
    "Lavoie",
    "Kaur",
    "Fortin",
    "Cherif",
    "Gauthier",
    "Morin",
    "Joseph",
    "Ouellet",
]
RUES = [
    "rue Jean-Talon Est",
    "boulevard Saint-Laurent",
    "rue Ontario Est",
    "chemin de la Côte-des-Neiges",
    "rue Sherbrooke Ouest",
    "boulevard Décarie",
    "rue Bélanger",
    "avenue du Parc",
    "rue Wellington",
    "boulevard Henri-Bourassa Est",
]
LETTRES_CP = "ABCEGHJKLMNPRSTVWXYZ"
# Forward sortation areas (first three characters of the postal code) lying in each borough,
# so that an organisation's address and borough agree.
RTA_PAR_ARRONDISSEMENT = {
    "Ahuntsic-Cartierville": ("H2B", "H2C", "H2M", "H2N", "H3L", "H3M", "H4J", "H4K"),
    "Anjou": ("H1J", "H1K"),
    "Côte-des-Neiges–Notre-Dame-de-Grâce": ("H3S", "H3T", "H3V", "H3W", "H3X", "H4A", "H4B"),
    "Lachine": ("H8R", "H8S", "H8T"),
    "LaSalle": ("H8N", "H8P"),
    "L'Île-Bizard–Sainte-Geneviève": ("H9C", "H9E"),
    "Mercier–Hochelaga-Maisonneuve": ("H1L", "H1M", "H1N", "H1V", "H1W"),
    "Montréal-Nord": ("H1G", "H1H"),
    "Outremont": ("H2V",),
    "Pierrefonds-Roxboro": ("H8Y", "H8Z", "H9A", "H9K"),
    "Le Plateau-Mont-Royal": ("H2H", "H2J", "H2T", "H2W"),
    "Rivière-des-Prairies–Pointe-aux-Trembles": ("H1A", "H1B", "H1C", "H1E"),
    "Rosemont–La Petite-Patrie": ("H1T", "H1X", "H1Y", "H2G", "H2S"),
    "Saint-Laurent": ("H4L", "H4M", "H4N", "H4R", "H4S", "H4T"),
    "Saint-Léonard": ("H1P", "H1R", "H1S"),
    "Le Sud-Ouest": ("H3J", "H3K", "H4C", "H4E"),
    "Verdun": ("H3E", "H4G", "H4H"),
    "Ville-Marie": ("H2L", "H2X", "H2Y", "H2Z", "H3A", "H3B", "H3G", "H3H"),
    "Villeray–Saint-Michel–Parc-Extension": ("H1Z", "H2A", "H2E", "H2P", "H2R", "H3N"),
}


def numero_bienfaisance(rng):
    while True:
        base = f"{rng.randrange(10**8, 10**9)}"
        if luhn_valide(base):
            return f"{base}RR0001"


def code_postal(rng, arrondissement):
    rta = rng.choice(RTA_PAR_ARRONDISSEMENT[arrondissement.nom])
    return f"{rta} {rng.randrange(1, 9)}{rng.choice(LETTRES_CP)}{rng.randrange(0, 9)}"


def creer_organismes(rng, nombre=40):
    arrondissements = list(Territoire.objects.filter(type="arrondissement"))
    tous = list(Territoire.objects.all())
    organismes = []
    for i in range(nombre):
        arr = arrondissements[i % len(arrondissements)]
        neq = f"11{40000000 + i * 7919:08d}"
        nom = f"{TYPES[i % len(TYPES)]} {arr.nom}" if i >= len(TYPES) else f"{TYPES[i]} de Montréal"
        org, cree = Organisme.objects.get_or_create(
            neq=neq,
            defaults={
                "nom_legal": nom,
                "nom_usage": "",
                "numero_bienfaisance": numero_bienfaisance(rng) if i % 3 == 0 else "",
                "adresse": f"{rng.randrange(100, 9999)}, {rng.choice(RUES)}, Montréal (Québec)",
                "code_postal": code_postal(rng, arr),
                "arrondissement": arr,
                "courriel": f"info@organisme{i + 1}.org",
                "telephone": f"514 {rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}",
                "site_web": f"https://organisme{i + 1}.org",
                "mission": "Accueillir, orienter et accompagner les personnes immigrantes "
                "dans leurs premières démarches d'installation à Montréal.",
            },
        )
        if cree:
            org.territoires_desservis.set([arr, *rng.sample(tous, 2)])
            Contact.objects.create(
                organisme=org,
                nom=f"{rng.choice(PRENOMS)} {rng.choice(NOMS)}",
                fonction="Direction générale",
                courriel=f"direction@organisme{i + 1}.org",
                telephone=org.telephone,
                principal=True,
            )
        creer_documents(org, i)
        organismes.append(org)
    return organismes


def _validite(i):
    """Days of validity left: one certificate in four expired, one in four expiring within the
    month (the renewals to chase), the others well ahead."""
    return {0: -30, 1: 5 + (i // 4) % 20}.get(i % 4, 200 + i)


def creer_documents(org, i):
    """Letters patent and an insurance certificate (see _validite), in the private storage.

    A document is created only when its type is missing, under a fixed file name, so that reruns
    add nothing and no stray files accumulate.
    """
    aujourd_hui = timezone.localdate()
    fiches = [
        (Document.Type.LETTRES_PATENTES, "Lettres patentes", None, "lettres-patentes.pdf"),
        (
            Document.Type.ASSURANCE,
            f"Attestation d'assurance responsabilité civile {aujourd_hui.year}",
            aujourd_hui + datetime.timedelta(days=_validite(i)),
            "attestation-assurance.pdf",
        ),
    ]
    for type_document, titre, validite, nom in fiches:
        if org.documents.filter(type=type_document).exists():
            continue
        chemin = f"organismes/{org.pk}/{nom}"
        if default_storage.exists(chemin):  # left by an earlier database: replace, not pile up
            default_storage.delete(chemin)
        chemin = default_storage.save(chemin, ContentFile(pdf_de_demo(titre, str(org))))
        document = Document(
            organisme=org, type=type_document, titre=titre, date_validite=validite, fichier=chemin
        )
        document._change_reason = "Données de démonstration"
        document.save()


def creer_services(rng, organismes, nombre=60):
    rubriques = list(Rubrique.objects.all())
    statuts = list(StatutImmigration.objects.all())
    services = []
    for i in range(nombre):
        org = organismes[i % len(organismes)]
        rubrique = rubriques[i % len(rubriques)]
        statut_principal = statuts[i % len(statuts)]
        base = NOMS_SERVICES.get(rubrique.code, ["Service d'intégration"])[(i // 7) % 2]
        lieu = org.arrondissement.nom if org.arrondissement else "Montréal"
        nom = f"{base} {PUBLICS.get(statut_principal.code, '')} — {lieu}".replace("  ", " ")
        service, cree = ServiceIntegration.objects.get_or_create(
            nom=nom,
            organisme=org,
            defaults={
                "rubrique": rubrique,
                "description": f"{base} offert par {org}.",
                "lieu": org.adresse,
            },
        )
        if cree:
            autres = rng.sample([s for s in statuts if s != statut_principal], rng.randrange(0, 3))
            service.statuts_vises.set([statut_principal, *autres])
            if org.arrondissement:
                service.territoires.set([org.arrondissement])
        services.append(service)
    return services
