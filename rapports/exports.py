"""The program summary workbook (Sommaire du programme): one sheet per view of the dashboard,
written from the same selectors, row by row into a write-only workbook (memory stays flat), by
the reports' one sheet writer (rapports.feuilles: title row with the filters used and the date
generated, frozen header, auto-filter, money format, widths, totals row).
"""

from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from noyau.classeurs import Classeur, reponse_classeur
from noyau.exports import CHUNK
from organismes.models import nom_affiche
from reddition.models import Obligation
from referentiel.models import en_anglais
from subventions.models import Subvention
from versements.models import Versement

from . import selectors
from .feuilles import argent, feuille
from .listes import obligations_du_sommaire, subventions_du_sommaire, versements_du_sommaire


def titre_du_classeur(filtres, aujourd_hui) -> str:
    programme = str(filtres.programme) if filtres.programme else _("tous les programmes")
    exercice = str(filtres.exercice) if filtres.exercice else _("tous les exercices")
    return _(
        "Sommaire du programme — programme : %(programme)s ; exercice : %(exercice)s ; "
        "généré le %(date)s"
    ) % {"programme": programme, "exercice": exercice, "date": aujourd_hui.isoformat()}


def nom_de_fichier(filtres, aujourd_hui) -> str:
    """`sommaire-montreal-inclusive-2026-2026-11-27.xlsx`: programme, exercice, date."""
    programme = slugify(filtres.programme.nom) if filtres.programme else "tous-les-programmes"
    exercice = str(filtres.exercice) if filtres.exercice else "tous-les-exercices"
    return f"sommaire-{programme}-{exercice}-{aujourd_hui.isoformat()}.xlsx"


def _montant(valeur):
    return Decimal(valeur) if valeur is not None else None


def _synthese(situation):
    for ligne in situation["lignes"]:
        yield [
            str(ligne["programme"]),
            ligne["exercice"],
            _montant(ligne["enveloppe"]),
            _montant(ligne["engage"]),
            _montant(ligne["verse"]),
            _montant(ligne["solde"]),
            _montant(ligne["propose"]),
        ]


def _libelles(choix):
    """{code: label} in the current language, translated once per workbook, not once per row."""
    return {code: str(libelle) for code, libelle in choix.choices}


def _subventions(qs, exercice):
    """Rows read as values (no model instances: five per grant took half the sheet's time)."""
    statuts = _libelles(Subvention.Statut)
    champs = [
        "numero",
        nom_affiche("organisme__"),
        "organisme__arrondissement__nom",
        "organisme__arrondissement__nom_en",
        "programme__nom",
        "titre",
        "statut",
        "montant_demande",
        "montant_propose",
        "montant_accorde_engage",
    ]
    if exercice is not None:
        champs += ["part_proposee", "part_accordee"]
    champs += ["date_debut", "date_fin", "numero_resolution", "date_decision"]
    anglais = en_anglais()
    for numero, organisme, arr, arr_en, programme, titre, statut, *reste in qs.values_list(
        *champs
    ).iterator(chunk_size=CHUNK):
        montants, dates = reste[:-4], reste[-4:]
        yield [
            numero,
            organisme,
            (anglais and arr_en) or arr or "",
            programme,
            titre,
            statuts[statut],
            *(_montant(m) for m in montants),
            *dates,
        ]


def _versements(qs):
    conditions, statuts = _libelles(Versement.Condition), _libelles(Versement.Statut)
    champs = (
        "subvention__numero",
        nom_affiche("subvention__organisme__"),
        "rang",
        "montant",
        "date_prevue",
        "condition",
        "statut",
        "date_paiement",
        "reference_paiement",
    )
    for (
        numero,
        organisme,
        rang,
        montant,
        prevue,
        condition,
        statut,
        payee,
        reference,
    ) in qs.values_list(*champs).iterator(chunk_size=CHUNK):
        yield [
            numero,
            organisme,
            rang,
            _montant(montant),
            prevue,
            conditions[condition],
            statuts[statut],
            payee,
            reference,
        ]


def _obligations(qs):
    types, etats = _libelles(Obligation.Type), _libelles(Obligation.Etat)
    champs = (
        "subvention__numero",
        nom_affiche("subvention__organisme__"),
        "type",
        "periode_debut",
        "periode_fin",
        "date_echeance",
        "etat",
    )
    for numero, organisme, genre, debut, fin, echeance, etat in qs.values_list(*champs).iterator(
        chunk_size=CHUNK
    ):
        yield [numero, organisme, types[genre], debut, fin, echeance, etats[etat]]


def _participants(figure):
    """Rubrique × status, reached vs aimed, one row each (no subtotal rows, so that filtering
    and summing in the sheet stay right); a rubrique's targets set without status are a row of
    their own, so that the column totals are the figure's totals."""
    non_precise = _("Statut non précisé")
    for ligne in figure["lignes"]:
        for statut, c in zip(figure["statuts"], ligne["cellules"], strict=True):
            if c["atteints"] or c["cible"]:
                yield [ligne["rubrique"], str(statut), c["atteints"], c["cible"]]
        if ligne["non_precise"]:
            yield [ligne["rubrique"], non_precise, 0, ligne["non_precise"]]


def _territoires(lignes):
    for ligne in lignes:
        yield [ligne["arrondissement"], ligne["nombre"], _montant(ligne["montant"])]


def classeur_sommaire(*, user, filtres, aujourd_hui=None):
    aujourd_hui = aujourd_hui or timezone.localdate()
    titre = titre_du_classeur(filtres, aujourd_hui)
    wb = Classeur()
    date, texte, long = 12, 16, 40  # widths; amount columns: feuilles.argent's
    feuille(
        wb,
        nom=_("Synthèse"),
        titre=titre,
        colonnes=[
            (_("Programme"), long),
            (_("Exercice"), 10),
            argent(_("Enveloppe")),
            argent(_("Engagé")),
            argent(_("Versé")),
            argent(_("Solde")),
            argent(_("Part proposée (décision à venir)")),
        ],
        lignes=_synthese(selectors.situation(user=user, filtres=filtres)),
    )
    colonnes = [
        (_("Numéro"), texte),
        (_("Organisme"), long),
        (_("Arrondissement"), 28),
        (_("Programme"), 28),
        (_("Titre du projet"), long),
        (_("Statut"), texte),
        argent(_("Montant demandé")),
        # Proposed and granted in two columns: a header cannot change with the row, and each
        # column's total is then the figure of its name (a proposal is never inside accordé).
        argent(_("Montant proposé")),
        argent(_("Montant accordé")),
    ]
    if filtres.exercice is not None:
        exercice = {"exercice": filtres.exercice}
        colonnes += [
            argent(_("Part proposée de l'exercice %(exercice)s") % exercice, 20),
            argent(_("Part accordée de l'exercice %(exercice)s") % exercice, 20),
        ]
    colonnes += [
        (_("Date de début"), date),
        (_("Date de fin"), date),
        (_("Résolution"), texte),
        (_("Date de la décision"), date),
    ]
    feuille(
        wb,
        nom=_("Subventions"),
        titre=titre,
        colonnes=colonnes,
        lignes=_subventions(subventions_du_sommaire(user=user, filtres=filtres), filtres.exercice),
    )
    feuille(
        wb,
        nom=_("Versements"),
        titre=titre,
        colonnes=[
            (_("Subvention"), texte),
            (_("Organisme"), long),
            (_("Rang"), 8),
            argent(_("Montant")),
            (_("Date prévue"), date),
            (_("Condition"), 34),
            (_("Statut"), texte),
            (_("Date du paiement"), date),
            (_("Référence du paiement"), 22),
        ],
        lignes=_versements(versements_du_sommaire(user=user, filtres=filtres)),
    )
    feuille(
        wb,
        nom=_("Reddition de comptes"),
        titre=titre,
        colonnes=[
            (_("Subvention"), texte),
            (_("Organisme"), long),
            (_("Type"), 20),
            (_("Début de la période"), date),
            (_("Fin de la période"), date),
            (_("Échéance"), date),
            (_("État"), texte),
        ],
        lignes=_obligations(obligations_du_sommaire(user=user, filtres=filtres)),
    )
    feuille(
        wb,
        nom=_("Participants"),
        titre=titre,
        colonnes=[
            (_("Rubrique"), long),
            (_("Statut d'immigration"), 30),
            (_("Participants rejoints"), 14),
            (_("Participants visés"), 14),
        ],
        lignes=_participants(selectors.participants_par_rubrique(user=user, filtres=filtres)),
        entiers=(2, 3),
    )
    feuille(
        wb,
        nom=_("Territoires"),
        titre=titre,
        colonnes=[
            (_("Arrondissement ou municipalité"), long),
            (_("Subventions"), 12),
            argent(_("Engagé")),
        ],
        lignes=_territoires(selectors.engage_par_arrondissement(user=user, filtres=filtres)),
    )
    return wb


def reponse_sommaire(*, user, filtres):
    aujourd_hui = timezone.localdate()
    wb = classeur_sommaire(user=user, filtres=filtres, aujourd_hui=aujourd_hui)
    return reponse_classeur(wb, nom_de_fichier(filtres, aujourd_hui))
