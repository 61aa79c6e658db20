"""The columns an import reads, recognised by name whatever the accents, case, spaces or
punctuation, with the variants officers actually type: abbreviations with or without their
period ("No.", "Mt. accordé", "Num."), units ("Montant accordé ($)", "Montant (en $)"), small
words ("Date de début" = "Date début") and a few extra words ("Montant accordé par la Ville").
"""

import re
import unicodedata

from django.utils.translation import gettext_lazy as _


def normaliser_texte(texte) -> str:
    """`"  Côte-des-Neiges–Notre-Dame-de-Grâce "` → `"cote des neiges notre dame de grace"`: no
    accents, lower case, every run of spaces, dashes, apostrophes or dots one space."""
    texte = unicodedata.normalize("NFKD", str(texte or ""))
    texte = "".join(c for c in texte if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", texte).strip()


# Abbreviations as officers write them (normalised: no accents nor period) → the word.
ABREVIATIONS = {
    "n": "numero", "no": "numero", "num": "numero", "nos": "numero", "nº": "numero",
    "mt": "montant", "mnt": "montant", "mont": "montant",
    "nb": "nombre", "nbre": "nombre",
    "dem": "demande", "acc": "accorde", "oct": "octroye",
    "org": "organisme", "orgs": "organisme", "prog": "programme", "progr": "programme",
    "arr": "arrondissement", "arrond": "arrondissement",
    "res": "resolution", "resol": "resolution",
    "dt": "date", "deb": "debut", "exerc": "exercice",
}  # fmt: skip
# Words that say nothing of the column: articles, units.
MOTS_VIDES = {
    "de", "du", "des", "d", "la", "le", "les", "l", "en", "a", "au",
    "dollars", "dollar", "cad", "total", "totale",
}  # fmt: skip
# A header holding a two-word (or longer) name plus at most this many other words is that
# column ("Montant accordé par la Ville"), when no other column's name fits as well.
MOTS_EN_PLUS = 2


def normaliser_entete(texte) -> tuple:
    """`"Mt. accordé ($)"` → `("montant", "accorde")`: what is in parentheses or brackets (units,
    formats) dropped, then `normaliser_texte`, abbreviations spelled out, small words gone."""
    texte = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", str(texte or ""))
    mots = normaliser_texte(texte).split()
    mots = [ABREVIATIONS.get(m, m) for m in mots]
    return tuple(m for m in mots if m not in MOTS_VIDES)


class Colonne:
    def __init__(self, cle, libelle, aide, exemple, *variantes, requise=False):
        self.cle = cle
        self.libelle = libelle
        self.aide = aide
        self.exemple = exemple
        self.requise = requise
        self.variantes = variantes  # as officers type them, shown in the template's help
        self.noms = {normaliser_entete(libelle), *(normaliser_entete(v) for v in variantes)}


COLONNES = [
    Colonne(
        "numero",
        _("Numéro"),
        _("Numéro de la subvention (BINAM-2026-057). Vide : un nouveau numéro est donné."),
        "BINAM-2025-014",
        "No",
        "N°",
        "No de dossier",
        "Numéro de subvention",
        "Numéro de dossier",
        "Numéro de projet",
        "Dossier",
    ),
    Colonne(
        "organisme",
        _("Organisme"),
        _("Nom légal de l'organisme. Reconnu par son NEQ, sinon par son nom."),
        "Carrefour d'accueil de Saint-Laurent",
        "Nom de l'organisme",
        "Nom légal",
        "Organisation",
        "Bénéficiaire",
        requise=True,
    ),
    Colonne(
        "neq",
        _("NEQ"),
        _(
            "Numéro d'entreprise du Québec, 10 chiffres (espaces permis). Requis pour un "
            "organisme qui n'existe pas encore."
        ),
        "1145 678 901",
        "Numéro d'entreprise",
        "No NEQ",
        "Numéro NEQ",
    ),
    Colonne(
        "arrondissement",
        _("Arrondissement"),
        _("Arrondissement ou municipalité de l'organisme, tel que dans le référentiel."),
        "Saint-Laurent",
        "Territoire",
        "Municipalité",
        "Arrondissement ou municipalité",
    ),
    Colonne(
        "programme",
        _("Programme"),
        _("Nom (ou code) d'un programme existant."),
        "Montréal inclusive",
        "Nom du programme",
        requise=True,
    ),
    Colonne(
        "titre",
        _("Titre du projet"),
        _("Titre du projet financé."),
        "Accueil et orientation des nouveaux arrivants",
        "Titre",
        "Projet",
        "Nom du projet",
        requise=True,
    ),
    Colonne(
        "montant_demande",
        _("Montant demandé"),
        _("En dollars : 12 500,00 $, 12500 ou 12,500.00. Vide : égal au montant accordé."),
        "50 000,00 $",
        "Demandé",
        "Montant de la demande",
    ),
    Colonne(
        "montant_accorde",
        _("Montant accordé"),
        _("En dollars; ne dépasse pas le montant demandé. Requis dès l'approbation."),
        "45 000,00 $",
        "Accordé",
        "Montant octroyé",
        "Octroyé",
        "Montant approuvé",
        "Montant",
    ),
    Colonne(
        "date_debut",
        _("Date de début"),
        _("2026-03-31, 31/03/2026 ou 31 mars 2026."),
        "2025-04-01",
        "Début",
        "Début du projet",
    ),
    Colonne(
        "date_fin",
        _("Date de fin"),
        _("Même format; pas avant la date de début."),
        "2026-03-31",
        "Fin",
        "Fin du projet",
    ),
    Colonne(
        "exercice",
        _("Exercice"),
        _(
            "Année financière (année civile) à laquelle le montant accordé est imputé. Vide : "
            "l'année de la date de début."
        ),
        "2025",
        "Année",
        "Exercice financier",
        "Année financière",
    ),
    Colonne(
        "resolution",
        _("Résolution"),
        _("Numéro de résolution du comité exécutif (CE25 1234). Requis dès l'approbation."),
        "CE25 0412",
        "Numéro de résolution",
        "No de résolution",
        "Résolution CE",
    ),
    Colonne(
        "date_decision",
        _("Date de décision"),
        _("Date de la résolution. Requise dès l'approbation."),
        "2025-03-12",
        "Date de la décision",
        "Décision",
        "Date de résolution",
    ),
    Colonne(
        "statut",
        _("Statut"),
        _(
            "En analyse, Recommandée, Approuvée, Convention signée, En cours, Terminée, Fermée, "
            "Refusée ou Annulée. Vide : Approuvée si la résolution est donnée, sinon En analyse."
        ),
        "En cours",
        "État",
        "Statut du dossier",
    ),
]

PAR_CLE = {c.cle: c for c in COLONNES}
PAR_NOM = {nom: c for c in COLONNES for nom in c.noms}


def colonne_de(entete):
    """The column a header names, or None: by its normalised name, else by a name of two words
    or more that it holds with at most MOTS_EN_PLUS others, when one column's name fits best."""
    mots = normaliser_entete(entete)
    if not mots:
        return None
    trouvee = PAR_NOM.get(mots)
    if trouvee is not None:
        return trouvee
    ensemble = set(mots)
    meilleures, taille = set(), 0
    for nom, colonne in PAR_NOM.items():
        if len(nom) < 2 or len(ensemble) - len(nom) > MOTS_EN_PLUS or not set(nom) <= ensemble:
            continue
        if len(nom) > taille:
            meilleures, taille = {colonne.cle}, len(nom)
        elif len(nom) == taille:
            meilleures.add(colonne.cle)
    return PAR_CLE[meilleures.pop()] if len(meilleures) == 1 else None


def reconnaitre(entetes) -> dict:
    """{index in the row: Colonne} for the headers recognised (the first of duplicates; a
    header row with duplicates is refused: see `en_double`)."""
    trouvees = {}
    prises = set()
    for i, entete in enumerate(entetes):
        colonne = colonne_de(entete)
        if colonne and colonne.cle not in prises:
            trouvees[i] = colonne
            prises.add(colonne.cle)
    return trouvees


def en_double(entetes) -> dict:
    """{Colonne: [indices]} of the columns that two headers or more name ("Montant accordé
    (ancien)", hidden, beside "Montant accordé"): which one holds the data cannot be guessed."""
    par_cle = {}
    for i, entete in enumerate(entetes):
        colonne = colonne_de(entete)
        if colonne:
            par_cle.setdefault(colonne, []).append(i)
    return {colonne: indices for colonne, indices in par_cle.items() if len(indices) > 1}
