"""Rapport annuel du programme (PDF): one programme's exercice in figures, from the dashboard's
selectors (the same numbers as the screen and the Sommaire workbook), then its list of grants.

Each chart is followed by the table of its numbers: a PDF reader cannot read a drawing aloud.
The list of grants streams plain rows (rapports.listes.lignes_du_rapport_annuel): 20,000 grants
never become 20,000 model instances."""

from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.platypus import PageBreak

from noyau.exports import CHUNK
from noyau.formats import NBSP, date_longue, heure, pourcentage
from rapports import pdf, selectors
from rapports.listes import lignes_du_rapport_annuel
from rapports.pdf.graphiques import barres, secteurs
from rapports.pdf.listes import tableau_long
from subventions.models import Subvention

MM = pdf.MM


def nom_du_fichier(programme, exercice) -> str:
    """`rapport-annuel-montreal-inclusive-2026.pdf`"""
    return f"rapport-annuel-{slugify(programme.nom)[:60]}-{exercice}.pdf"


def _pourcentage(part, tout) -> str:
    valeur = pourcentage(part, tout)
    if valeur is None:
        return pdf.formater(None)
    return f"{valeur:f}".replace(".", ",") + f"{NBSP}%"


def _sommaire(figures) -> list:
    total = figures["situation"]["total"]
    elements = [
        pdf.intertitre(_("Sommaire")),
        pdf.tableau(
            [
                _("Enveloppe"),
                _("Engagé"),
                _("Versé"),
                _("Solde"),
                _("Part proposée (décision à venir)"),
            ],
            [
                [
                    total["enveloppe"],
                    total["engage"],
                    total["verse"],
                    total["solde"],
                    total["propose"],
                ]
            ],
            largeurs=[48 * MM] * 5,
        ),
        pdf.espace(2 * MM),
        pdf.paragraphe(
            _(
                "Engagé : part de l'exercice des subventions approuvées ou plus avancées. "
                "Versé : versements de l'exercice déjà payés (quelle que soit la date du "
                "paiement). Solde : enveloppe moins engagé. "
                "Part proposée : part de l'exercice des subventions en analyse ou recommandées, "
                "comptée à part (ni dans l'engagé ni dans le solde)."
            ),
            "note",
        ),
        pdf.intertitre(_("Subventions par statut")),
    ]
    statuts = figures["par_statut"]
    total_statuts = selectors.total_par_statut(statuts)
    elements.append(
        pdf.tableau(
            [_("Statut"), _("Nombre de subventions"), _("Montant proposé"), _("Montant accordé")],
            [[s["libelle"], s["nombre"], s["propose"], s["accorde"]] for s in statuts],
            largeurs=[70 * MM, 50 * MM, 55 * MM, 55 * MM],
            total=[
                _("Total"),
                total_statuts["nombre"],
                total_statuts["propose"],
                total_statuts["accorde"],
            ],
        )
    )
    return elements


def _graphiques(figures) -> list:
    total = figures["situation"]["total"]
    argent = [
        (_("Enveloppe"), total["enveloppe"]),
        (_("Engagé"), total["engage"]),
        (_("Versé"), total["verse"]),
    ]
    participants = figures["participants"]
    par_statut = [
        (str(statut), cellule["atteints"])
        for statut, cellule in zip(
            participants["statuts"], participants["total"]["cellules"], strict=True
        )
    ]
    rejoints = participants["total"]["atteints"]
    titre_barres = _("Enveloppe, engagé et versé de l'exercice")
    titre_secteurs = _("Participants rejoints par statut d'immigration")
    return [
        pdf.intertitre(titre_barres),
        barres(lignes=argent),
        pdf.paragraphe(_("Données du graphique :"), "note"),
        pdf.tableau([_("Série"), _("Montant")], argent, largeurs=[80 * MM, 60 * MM]),
        pdf.intertitre(titre_secteurs),
        secteurs(lignes=par_statut),
        pdf.paragraphe(_("Données du graphique :"), "note"),
        pdf.tableau(
            [_("Statut d'immigration"), _("Participants rejoints"), _("Part")],
            [[nom, n, _pourcentage(n, rejoints)] for nom, n in par_statut],
            largeurs=[80 * MM, 50 * MM, 40 * MM],
            total=[_("Total"), rejoints, _pourcentage(rejoints, rejoints)],
        ),
    ]


def _participants(figure) -> list:
    ligne_total = figure["total"]
    par_rubrique = pdf.tableau(
        [_("Rubrique"), _("Participants rejoints"), _("Participants visés"), _("Atteint")],
        [
            [li["rubrique"], li["atteints"], li["cible"], _pourcentage(li["atteints"], li["cible"])]
            for li in figure["lignes"]
        ],
        largeurs=[110 * MM, 45 * MM, 45 * MM, 35 * MM],
        total=[
            _("Total"),
            ligne_total["atteints"],
            ligne_total["cible"],
            _pourcentage(ligne_total["atteints"], ligne_total["cible"]),
        ],
    )
    lignes = [
        [str(statut), c["atteints"], c["cible"]]
        for statut, c in zip(figure["statuts"], ligne_total["cellules"], strict=True)
    ]
    if figure["non_precise"]:
        lignes.append([_("Statut non précisé"), 0, ligne_total["non_precise"]])
    par_statut = pdf.tableau(
        [_("Statut d'immigration"), _("Participants rejoints"), _("Participants visés")],
        lignes,
        largeurs=[110 * MM, 45 * MM, 45 * MM],
        total=[_("Total"), ligne_total["atteints"], ligne_total["cible"]],
    )
    return [
        pdf.intertitre(_("Participants par rubrique")),
        par_rubrique,
        pdf.intertitre(_("Participants par statut d'immigration")),
        par_statut,
        pdf.espace(2 * MM),
        pdf.paragraphe(
            _(
                "Rejoints : dernier rapport d'activité accepté de chaque subvention. Visés : "
                "cibles des subventions approuvées ou plus avancées."
            ),
            "note",
        ),
    ]


def _arrondissements(lignes) -> list:
    elements = [pdf.intertitre(_("Montant engagé par arrondissement de l'organisme"))]
    if not lignes:
        return [*elements, pdf.vide(_("Aucun montant engagé."))]
    elements.append(
        pdf.tableau(
            [_("Arrondissement ou municipalité"), _("Subventions"), _("Engagé")],
            [[li["arrondissement"], li["nombre"], li["montant"]] for li in lignes],
            largeurs=[110 * MM, 40 * MM, 60 * MM],
            total=[
                _("Total"),
                sum(li["nombre"] for li in lignes),
                sum((li["montant"] for li in lignes), Decimal("0")),
            ],
        )
    )
    return elements


def _liste(*, user, filtres) -> list:
    statuts = {code: str(libelle) for code, libelle in Subvention.Statut.choices}
    lignes = (
        [
            r["numero"],
            r["nom_organisme"],
            r["titre"],
            statuts[r["statut"]],
            r["montant_propose"],
            r["montant_accorde_engage"],
            r["part_accordee"],
        ]
        for r in lignes_du_rapport_annuel(user=user, filtres=filtres).iterator(chunk_size=CHUNK)
    )
    entetes = [
        _("Numéro"),
        _("Organisme"),
        _("Projet"),
        _("Statut"),
        _("Montant proposé"),
        _("Montant accordé"),
        _("Part accordée de l'exercice %(exercice)s") % {"exercice": filtres.exercice},
    ]
    # Proposed and granted in their own columns (a header cannot change with the row): "—"
    # where the amount is not of that kind.
    table = tableau_long(
        entetes,
        lignes,
        largeurs=[w * MM for w in (26, 50, 56, 24, 28, 28, 30)],
        nombres=(4, 5, 6),
    )
    if not table.nombre_de_lignes:
        return [pdf.intertitre(_("Liste des subventions")), pdf.vide(_("Aucune subvention."))]
    return [PageBreak(), pdf.intertitre(_("Liste des subventions")), table]


def rapport_annuel(*, user, programme, exercice) -> bytes:
    filtres = selectors.Filtres(programme=programme, exercice=exercice)
    par_organisme = selectors.engage_par_organisme(user=user, filtres=filtres)
    figures = {
        "situation": selectors.situation(user=user, filtres=filtres),
        "par_statut": selectors.par_statut(user=user, filtres=filtres),
        "participants": selectors.participants_par_rubrique(user=user, filtres=filtres),
        "arrondissements": selectors.engage_par_arrondissement(
            user=user, filtres=filtres, par_organisme=par_organisme
        ),
    }
    maintenant = timezone.localtime()
    elements = pdf.titre(
        _("Rapport annuel du programme"),
        _("%(programme)s — exercice %(exercice)s") % {"programme": programme, "exercice": exercice},
    )
    elements.append(
        pdf.fiche(
            [
                (_("Programme"), programme.nom),
                (_("Exercice"), str(exercice)),
                (
                    _("Généré le"),
                    _("%(date)s à %(heure)s")
                    % {
                        "date": date_longue(maintenant.date()),
                        "heure": heure(maintenant),
                    },
                ),
            ]
        )
    )
    elements += _sommaire(figures)
    elements += _graphiques(figures)
    elements += _participants(figures["participants"])
    elements += _arrondissements(figures["arrondissements"])
    elements += _liste(user=user, filtres=filtres)
    document = pdf.Document(
        titre=_("Rapport annuel du programme — %(programme)s — %(exercice)s")
        % {"programme": programme.nom, "exercice": exercice},
        sujet=_("Enveloppe, engagé, versé, participants et subventions de l'exercice"),
        paysage=True,
    )
    return document.construire(elements)
