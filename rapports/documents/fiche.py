"""Fiche de subvention (PDF): the grant's page on paper, with exactly what its reader may see."""

from decimal import Decimal

from django.utils.translation import gettext as _

from noyau.formats import nom_complet
from rapports import pdf

from .subvention import dossier_subvention


def _services(dossier):
    voit_montant = dossier.voit["montant_accorde"]
    entetes = [_("Service"), _("Rubrique"), _("Participants visés")]
    if voit_montant:
        entetes.append(_("Part du montant"))
    lignes = []
    for sf in dossier.services:
        ligne = [str(sf.service), str(sf.service.rubrique), sf.participants_cibles]
        if voit_montant:
            ligne.append(sf.montant)
        lignes.append(ligne)
    largeurs = [68, 46, 28, 32] if voit_montant else [96, 50, 28]
    return pdf.tableau(entetes, lignes, largeurs=[w * pdf.MM for w in largeurs])


def _versements(dossier):
    lignes = [
        [
            v.rang,
            v.date_prevue,
            v.get_condition_display(),
            v.get_statut_display(),
            v.date_paiement,
            v.montant,
        ]
        for v in dossier.versements
    ]
    prevu = sum((v.montant for v in dossier.versements if v.statut != "annule"), Decimal("0"))
    entetes = [_("N°"), _("Date prévue"), _("Condition"), _("Statut"), _("Payé le"), _("Montant")]
    largeurs = [10, 28, 56, 18, 28, 34]
    return [
        pdf.tableau(
            entetes,
            lignes,
            largeurs=[w * pdf.MM for w in largeurs],
            total=[_("Total prévu"), "", "", "", "", prevu],
        ),
        pdf.espace(2 * pdf.MM),
        pdf.paragraphe(
            _("Versé à ce jour : %(montant)s") % {"montant": pdf.formater(dossier.verse)}
        ),
    ]


def _obligations(dossier):
    lignes = [
        [
            o.get_type_display(),
            _("%(debut)s au %(fin)s")
            % {"debut": pdf.formater(o.periode_debut), "fin": pdf.formater(o.periode_fin)},
            o.date_echeance,
            o.get_etat_display(),
        ]
        for o in dossier.obligations
    ]
    entetes = [_("Type"), _("Période couverte"), _("Échéance"), _("État")]
    return pdf.tableau(entetes, lignes, largeurs=[w * pdf.MM for w in (40, 64, 40, 30)])


def _etapes(dossier):
    voit_deliberations = dossier.voit["deliberations"]
    entetes = [_("Étape"), _("Le")]
    if voit_deliberations:
        entetes.append(_("Par"))
    entetes.append(_("Commentaire"))
    lignes = []
    for t in dossier.transitions:
        ligne = [t.get_vers_display(), t.le]
        if voit_deliberations:
            ligne.append(nom_complet(t.par))
        ligne.append(t.commentaire if t.commentaire_visible else "")
        lignes.append(ligne)
    largeurs = (34, 40, 36, 64) if voit_deliberations else (40, 44, 90)
    return pdf.tableau(entetes, lignes, largeurs=[w * pdf.MM for w in largeurs])


def fiche_subvention(*, user, subvention) -> bytes:
    d = dossier_subvention(user=user, subvention=subvention)
    s = d.subvention
    o = s.organisme
    elements = pdf.titre(
        _("Fiche de subvention %(numero)s") % {"numero": s.numero},
        f"{s.titre} — {s.get_statut_display()}",
    )
    elements += [
        pdf.intertitre(_("Organisme")),
        pdf.fiche(
            [
                (_("Nom légal"), o.nom_legal),
                (_("NEQ"), o.neq),
                (_("Adresse"), " ".join(p for p in (o.adresse, o.code_postal) if p)),
            ]
        ),
        pdf.intertitre(_("Projet")),
        pdf.fiche(
            [
                (_("Programme"), s.programme.nom),
                (_("Titre du projet"), s.titre),
                (_("Statut"), s.get_statut_display()),
                (_("Période"), _periode(s)),
                (_("Description"), s.description),
            ]
        ),
        pdf.intertitre(_("Montants")),
        pdf.fiche(_montants(s, d)),
    ]
    if d.avenants:
        elements += [
            pdf.intertitre(_("Avenants")),
            pdf.paragraphe(
                _("Montant accordé initial : %(montant)s")
                % {"montant": pdf.formater(d.avenants[0].montant_avant)}
            ),
            pdf.espace(2 * pdf.MM),
            pdf.tableau(
                [_("N°"), _("Décision"), _("Résolution"), _("Avant"), _("Après"), _("Motif")],
                [
                    [
                        a.rang,
                        a.date_decision,
                        a.numero_resolution,
                        a.montant_avant,
                        a.montant_apres,
                        a.motif,
                    ]
                    for a in d.avenants
                ],
                largeurs=[w * pdf.MM for w in (10, 30, 24, 33, 33, 44)],
            ),
        ]
    if d.voit["montant_accorde"]:
        elements.append(pdf.intertitre(_("Répartition par exercice")))
        if d.repartitions:
            elements.append(
                pdf.tableau(
                    [_("Exercice"), _("Montant")],
                    [[str(r.exercice), r.montant] for r in d.repartitions],
                    largeurs=[40 * pdf.MM, 45 * pdf.MM],
                    total=[_("Total"), s.montant_accorde],
                )
            )
        else:
            elements.append(pdf.vide(_("Aucune répartition saisie.")))
    elements.append(pdf.intertitre(_("Services financés")))
    elements.append(
        _services(d) if d.services else pdf.vide(_("Aucun service financé n'est rattaché."))
    )
    if d.versements is not None:
        elements.append(pdf.intertitre(_("Échéancier et versements")))
        elements += _versements(d) if d.versements else [pdf.vide(_("Aucun versement prévu."))]
    if d.obligations is not None:
        elements.append(pdf.intertitre(_("Reddition de comptes")))
        elements.append(
            _obligations(d)
            if d.obligations
            else pdf.vide(_("Aucune obligation de reddition de comptes."))
        )
    elements.append(pdf.intertitre(_("Étapes du dossier")))
    elements.append(_etapes(d) if d.transitions else pdf.vide(_("Aucune étape enregistrée.")))
    document = pdf.Document(
        titre=_("Fiche de subvention %(numero)s") % {"numero": s.numero},
        sujet=_("%(organisme)s — %(titre)s") % {"organisme": o.nom_legal, "titre": s.titre},
    )
    return document.construire(elements)


def _periode(s):
    if not s.date_debut:
        return None
    return _("du %(debut)s au %(fin)s") % {
        "debut": pdf.formater(s.date_debut),
        "fin": pdf.formater(s.date_fin),
    }


def _montants(s, d):
    paires = [
        (_("Montant demandé"), s.montant_demande),
        (s.libelle_montant, d.montant),
    ]
    if s.numero_resolution:
        paires.append(
            (
                _("Résolution"),
                _("%(numero)s du %(date)s")
                % {"numero": s.numero_resolution, "date": pdf.formater(s.date_decision)},
            )
        )
    if s.date_signature:
        paires.append((_("Convention signée le"), s.date_signature))
    if d.versements:
        paires.append((_("Versé à ce jour"), d.verse))
    return paires
