"""Relevé de l'organisme (PDF): every grant an organisation received, what was granted and paid
on each and in all, and the reports it owes or gave, with their state."""

from decimal import Decimal

from django.utils.translation import gettext as _

from noyau.permissions import peut
from rapports import pdf
from reddition.selectors import obligations_visibles
from subventions.models import Subvention, ordre_numero
from subventions.selectors import subventions_de_organisme, totaux_subventions
from subventions.tables import montant_non_decide
from versements import selectors as versements_selectors


def releve_organisme(*, user, organisme) -> bytes:
    subventions = subventions_de_organisme(user=user, organisme=organisme).select_related(
        "programme"
    )
    verse = versements_selectors.verse_par_subvention(subventions=subventions)
    # Proposed and granted in their own columns: a header cannot change with the row, and each
    # column adds up to the total of its name. The proposed amounts are the staff's only
    # (`voir_totaux_non_decides`); a partner reads "à déterminer" where a decision is pending.
    voit_propose = peut(user, "subventions.voir_totaux_non_decides")
    lignes = []
    for s in subventions:
        if s.est_engagee:
            propose, accorde = None, s.montant_accorde
        elif s.est_abandonnee or voit_propose:
            propose = s.montant_accorde if s.statut in Subvention.STATUTS_PROPOSES else None
            accorde = None
        else:
            propose, accorde = None, montant_non_decide(s)
        ligne = [s.numero, s.titre, s.programme.nom, s.get_statut_display()]
        ligne += [propose] if voit_propose else []
        lignes.append([*ligne, accorde, verse.get(s.pk, Decimal("0"))])
    totaux = totaux_subventions(subventions=subventions)
    total_verse = versements_selectors.total_verse(subventions=subventions)
    obligations = list(
        obligations_visibles(user=user)
        .filter(subvention__organisme=organisme)
        .order_by("date_echeance", *ordre_numero("subvention__"))
    )
    elements = pdf.titre(
        _("Relevé de l'organisme"),
        organisme.nom_legal,
    )
    elements += [
        pdf.fiche(
            [
                (_("Nom légal"), organisme.nom_legal),
                (_("Nom d'usage"), organisme.nom_usage),
                (_("NEQ"), organisme.neq),
                (
                    _("Adresse"),
                    " ".join(p for p in (organisme.adresse, organisme.code_postal) if p),
                ),
            ]
        ),
        pdf.intertitre(_("Subventions")),
    ]
    if lignes:
        elements += [
            pdf.tableau(
                [
                    _("Numéro"),
                    _("Projet"),
                    _("Programme"),
                    _("Statut"),
                    *([_("Proposé")] if voit_propose else []),
                    _("Accordé"),
                    _("Versé"),
                ],
                lignes,
                largeurs=[
                    w * pdf.MM
                    for w in (
                        (30, 52, 34, 24, 32, 35, 35) if voit_propose else (34, 70, 42, 26, 35, 35)
                    )
                ],
                total=[
                    _("Total"),
                    "",
                    "",
                    "",
                    *([totaux["propose"]] if voit_propose else []),
                    totaux["accorde"],
                    total_verse,
                ],
            ),
            pdf.espace(2 * pdf.MM),
            pdf.paragraphe(
                _(
                    "Proposé : montants des subventions en analyse ou recommandées, pas encore "
                    "décidés. Accordé : montants des subventions approuvées ou plus avancées "
                    "(une demande en analyse, refusée ou annulée n'y compte pas). Versé : "
                    "versements payés."
                )
                if voit_propose
                else _(
                    "Accordé : montants des subventions approuvées ou plus avancées (une demande "
                    "en analyse, refusée ou annulée n'y compte pas). Versé : versements payés."
                ),
                "note",
            ),
        ]
    else:
        elements.append(pdf.vide(_("Aucune subvention.")))
    elements.append(pdf.intertitre(_("Reddition de comptes")))
    if obligations:
        elements.append(
            pdf.tableau(
                [_("Subvention"), _("Type"), _("Période couverte"), _("Échéance"), _("État")],
                [
                    [
                        o.subvention.numero,
                        o.get_type_display(),
                        _("%(debut)s au %(fin)s")
                        % {
                            "debut": pdf.formater(o.periode_debut),
                            "fin": pdf.formater(o.periode_fin),
                        },
                        o.date_echeance,
                        o.get_etat_display(),
                    ]
                    for o in obligations
                ],
                largeurs=[w * pdf.MM for w in (30, 45, 85, 45, 37)],
            )
        )
    else:
        elements.append(pdf.vide(_("Aucune obligation de reddition de comptes.")))
    document = pdf.Document(
        titre=_("Relevé de l'organisme — %(nom)s") % {"nom": organisme.nom_legal},
        sujet=_("Subventions reçues et reddition de comptes"),
        paysage=True,
    )
    return document.construire(elements)
