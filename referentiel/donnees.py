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
