"""Relevé de l'organisme (PDF): every grant an organisation received, what was granted and paid
on each and in all, and the reports it owes or gave, with their state."""

from decimal import Decimal

from django.utils.translation import gettext as _

from noyau.permissions import peut
from rapports import pdf
from reddition.selectors import obligations_visibles
from subventions.models import ordre_numero
from subventions.selectors import subventions_de_organisme, totaux_subventions
from subventions.tables import montant_non_decide
from versements import selectors as versements_selectors


def releve_organisme(*, user, organisme) -> bytes:
    subventions = subventions_de_organisme(user=user, organisme=organisme).select_related(
        "programme"
    )
    verse = versements_selectors.verse_par_subvention(subventions=subventions)
    lignes = []
    for s in subventions:
        voit_montant = peut(user, "subventions.voir_montant_accorde", s)
        lignes.append(
            [
                s.numero,
                s.titre,
                s.programme.nom,
                s.get_statut_display(),
                s.montant_accorde if voit_montant else montant_non_decide(s),
                verse.get(s.pk, Decimal("0")),
            ]
        )
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
                [_("Numéro"), _("Projet"), _("Programme"), _("Statut"), _("Accordé"), _("Versé")],
                lignes,
                largeurs=[w * pdf.MM for w in (34, 70, 42, 26, 35, 35)],
                total=[_("Total"), "", "", "", totaux["accorde"], total_verse],
            ),
            pdf.espace(2 * pdf.MM),
            pdf.paragraphe(
                _(
                    "Accordé: montants des subventions approuvées ou plus avancées (une demande "
                    "en analyse, refusée ou annulée n'y compte pas). Versé: versements payés."
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
