"""Initial reference data (loaded by migration 0002; administrators edit it afterwards)."""

RUBRIQUES = [
    ("sinstaller-se-loger", "S'installer et se loger"),
    ("travailler", "Travailler"),
    ("parler-francais", "Parler français"),
    ("etudier-competences", "Étudier et faire reconnaître ses compétences"),
    ("sante-services-sociaux", "Santé et services sociaux"),
    ("vivre-a-montreal", "Vivre à Montréal (loisirs, culture, vie de quartier)"),
    ("participer-simpliquer", "Participer et s'impliquer (vie citoyenne, droits)"),
]

STATUTS = [
    ("resident-permanent", "Résident·e permanent·e"),
    ("travailleur-temporaire", "Travailleur·euse temporaire"),
    ("etudiant-international", "Étudiant·e international·e"),
    ("demandeur-asile", "Demandeur·euse d'asile"),
    ("refugie-protege", "Réfugié·e ou personne protégée"),
]

LIGNES_BUDGETAIRES = [
    ("salaires", "Salaires"),
    ("loyer", "Loyer"),
    ("materiel", "Matériel"),
    ("communications", "Communications"),
    ("frais-administratifs", "Frais administratifs"),
    ("autres", "Autres"),
]

ARRONDISSEMENTS = [
    "Ahuntsic-Cartierville",
    "Anjou",
    "Côte-des-Neiges–Notre-Dame-de-Grâce",
    "Lachine",
    "LaSalle",
    "L'Île-Bizard–Sainte-Geneviève",
    "Mercier–Hochelaga-Maisonneuve",
    "Montréal-Nord",
    "Outremont",
    "Pierrefonds-Roxboro",
    "Le Plateau-Mont-Royal",
    "Rivière-des-Prairies–Pointe-aux-Trembles",
    "Rosemont–La Petite-Patrie",
    "Saint-Laurent",
    "Saint-Léonard",
    "Le Sud-Ouest",
    "Verdun",
    "Ville-Marie",
    "Villeray–Saint-Michel–Parc-Extension",
]

MUNICIPALITES = [
    "Baie-D'Urfé",
    "Beaconsfield",
    "Côte-Saint-Luc",
    "Dollard-des-Ormeaux",
    "Dorval",
    "Hampstead",
    "Kirkland",
    "L'Île-Dorval",
    "Montréal-Est",
    "Montréal-Ouest",
    "Mont-Royal",
    "Pointe-Claire",
    "Sainte-Anne-de-Bellevue",
    "Senneville",
    "Westmount",
]

# English names (migration 0003), by code. Territories are proper names: they have none.
NOMS_EN = {
    "sinstaller-se-loger": "Settling in and finding housing",
    "travailler": "Working",
    "parler-francais": "Speaking French",
    "etudier-competences": "Studying and getting your skills recognized",
    "sante-services-sociaux": "Health and social services",
    "vivre-a-montreal": "Living in Montréal (recreation, culture, neighbourhood life)",
    "participer-simpliquer": "Taking part and getting involved (civic life, rights)",
    "resident-permanent": "Permanent resident",
    "travailleur-temporaire": "Temporary worker",
    "etudiant-international": "International student",
    "demandeur-asile": "Asylum claimant",
    "refugie-protege": "Refugee or protected person",
    "salaires": "Salaries",
    "loyer": "Rent",
    "materiel": "Equipment",
    "communications": "Communications",
    "frais-administratifs": "Administrative costs",
    "autres": "Other",
}

# Statuses' short forms for table headers (French, English), by code.
SIGLES = {
    "resident-permanent": ("RP", "PR"),
    "travailleur-temporaire": ("TT", "TW"),
    "etudiant-international": ("EI", "IS"),
    "demandeur-asile": ("DA", "AC"),
    "refugie-protege": ("RPP", "RPP"),
}
