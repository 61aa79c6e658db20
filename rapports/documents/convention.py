"""Convention de subvention (PDF), ready to sign: the parties, the object, the amount and its
répartition, the schedule with its conditions, the reporting obligations, the signatures.

Before signature no schedule nor obligation exists yet: the document then shows the ones that
signing will create (versements and reddition's defaults, computed, nothing written)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.platypus import KeepTogether

from rapports import pdf
from reddition.models import Obligation
from reddition.services.obligations import obligations_par_defaut
from versements.models import Versement
from versements.services.echeancier import echeancier_par_defaut

from .subvention import dossier_subvention

C = Versement.Condition


def _echeancier(d):
    s = d.subvention
    if d.versements:
        lignes = [
            [v.rang, v.get_condition_display(), v.date_prevue, v.montant]
            for v in d.versements
            if v.statut != Versement.Statut.ANNULE
        ]
    else:
        proposees = echeancier_par_defaut(subvention=s, date_signature=timezone.localdate())
        lignes = [
            [
                rang,
                C(ligne["condition"]).label,
                _("à la signature") if ligne["condition"] == C.SIGNATURE else ligne["date_prevue"],
                ligne["montant"],
            ]
            for rang, ligne in enumerate(proposees, start=1)
        ]
    return pdf.tableau(
        [_("N°"), _("Condition"), _("Date prévue"), _("Montant")],
        lignes,
        largeurs=[w * pdf.MM for w in (12, 80, 45, 37)],
        total=[_("Total"), "", "", s.montant_accorde],
    )


def _obligations(d):
    if d.obligations:
        lignes = [
            [o.get_type_display(), o.periode_debut, o.periode_fin, o.date_echeance]
            for o in d.obligations
        ]
    else:
        try:
            proposees = obligations_par_defaut(subvention=d.subvention)
        except ValidationError:
            return pdf.vide(_("À préciser : les dates du projet ne sont pas saisies."))
        lignes = [
            [
                Obligation.Type(o["type"]).label,
                o["periode_debut"],
                o["periode_fin"],
                o["date_echeance"],
            ]
            for o in proposees
        ]
    return pdf.tableau(
        [_("Document à remettre"), _("Période couverte du"), _("au"), _("Échéance")],
        lignes,
        largeurs=[w * pdf.MM for w in (52, 42, 40, 40)],
    )


def _organisme(o) -> str:
    adresse = " ".join(p for p in (o.adresse, o.code_postal) if p)
    valeurs = {"nom": o.nom_legal, "forme": o.get_forme_juridique_display(), "neq": o.neq}
    # Commas, not parentheses: a legal form may carry its own ("OBNL" in the OBNL one).
    if adresse:
        return _(
            "%(nom)s, %(forme)s, NEQ %(neq)s, dont l'adresse est %(adresse)s, ci-après "
            "« l'Organisme »."
        ) % {**valeurs, "adresse": adresse}
    return _("%(nom)s, %(forme)s, NEQ %(neq)s, ci-après « l'Organisme ».") % valeurs


def convention_subvention(*, user, subvention) -> bytes:
    d = dossier_subvention(user=user, subvention=subvention)
    s, o = d.subvention, d.subvention.organisme
    elements = pdf.titre(
        _("Convention de subvention"),
        _("%(numero)s — %(programme)s") % {"numero": s.numero, "programme": s.programme.nom},
    )
    elements += [
        pdf.intertitre(_("Entre les parties")),
        pdf.paragraphe(
            _(
                "La Ville de Montréal, par son Bureau d'intégration des nouveaux arrivants à "
                "Montréal (BINAM), ci-après « la Ville »;"
            )
        ),
        pdf.espace(2 * pdf.MM),
        pdf.paragraphe(_organisme(o)),
        pdf.intertitre(_("1. Objet")),
        pdf.paragraphe(
            _(
                "La Ville accorde à l'Organisme une subvention pour réaliser le projet "
                "« %(titre)s » %(periode)s, dans le cadre du programme %(programme)s."
            )
            % {
                "titre": s.titre,
                "periode": _("du %(debut)s au %(fin)s")
                % {"debut": pdf.formater(s.date_debut), "fin": pdf.formater(s.date_fin)},
                "programme": s.programme.nom,
            }
        ),
    ]
    if s.description:
        elements += [pdf.espace(2 * pdf.MM), pdf.paragraphe(s.description)]
    if d.services:
        elements += [
            pdf.espace(2 * pdf.MM),
            pdf.paragraphe(_("Services d'intégration financés et participants visés :")),
            pdf.espace(1 * pdf.MM),
            pdf.tableau(
                [_("Service"), _("Rubrique"), _("Participants visés")],
                [
                    [str(sf.service), str(sf.service.rubrique), sf.participants_cibles]
                    for sf in d.services
                ],
                largeurs=[w * pdf.MM for w in (96, 50, 28)],
            ),
        ]
    elements += [
        pdf.intertitre(_("2. Montant de la subvention")),
        pdf.paragraphe(
            _(
                "La subvention s'élève à %(montant)s, accordée par la résolution %(resolution)s "
                "du comité exécutif du %(date)s, répartie par exercice comme suit :"
            )
            % {
                "montant": pdf.formater(s.montant_accorde),
                "resolution": s.numero_resolution or pdf.formater(None),
                "date": pdf.formater(s.date_decision),
            }
        ),
        pdf.espace(1 * pdf.MM),
        pdf.tableau(
            [_("Exercice"), _("Montant")],
            [[str(r.exercice), r.montant] for r in d.repartitions],
            largeurs=[40 * pdf.MM, 45 * pdf.MM],
            total=[_("Total"), s.montant_accorde],
        ),
        pdf.intertitre(_("3. Versements")),
        pdf.paragraphe(
            _(
                "La Ville verse la subvention selon l'échéancier suivant. Un versement "
                "conditionnel à un rapport n'est fait qu'après l'acceptation de ce rapport par "
                "la Ville."
            )
        ),
        pdf.espace(1 * pdf.MM),
        _echeancier(d),
        pdf.intertitre(_("4. Reddition de comptes")),
        pdf.paragraphe(
            _(
                "L'Organisme remet à la Ville les documents suivants, au plus tard à leur "
                "échéance : les activités réalisées, les participants rejoints par service et par "
                "statut d'immigration, et les dépenses par poste budgétaire."
            )
        ),
        pdf.espace(1 * pdf.MM),
        _obligations(d),
        # The signatures stay on the page of their heading.
        KeepTogether(
            [
                pdf.intertitre(_("5. Signatures")),
                pdf.paragraphe(
                    _("Les parties ont signé la présente convention en deux exemplaires.")
                ),
                pdf.espace(3 * pdf.MM),
                pdf.cadre_signature(
                    [
                        (_("Pour la Ville de Montréal"), _("Direction du BINAM")),
                        (_("Pour l'Organisme"), o.nom_legal),
                    ]
                ),
            ]
        ),
    ]
    document = pdf.Document(
        titre=_("Convention de subvention %(numero)s") % {"numero": s.numero},
        sujet=_("%(organisme)s — %(titre)s") % {"organisme": o.nom_legal, "titre": s.titre},
    )
    return document.construire(elements)
