"""Procès-verbal du comité de sélection (PDF): a call, its committee and the conflicts declared,
its grid, the ranking with the cut line and the decisions, the totals against the budget.

Every figure is read from `appels.selectors.proces_verbal`, built on the ranking's selector: the
page, the workbook and these minutes show the same numbers. The ranking is a long list
(`tableau_long`): 500 applications are 500 rows of plain text, not 5,000 paragraphs."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from appels.heures import moment_en_mots
from appels.selectors.proces_verbal import proces_verbal
from noyau.formats import date_longue, heure
from rapports import pdf
from rapports.pdf.listes import tableau_long

MM = pdf.MM
# Landscape Letter less the margins: 243 mm.
LARGEURS = [9 * MM, 36 * MM, 38 * MM, 14 * MM, 18 * MM, 23 * MM, 23 * MM, 25 * MM, 34 * MM, 23 * MM]
NOMBRES = (0, 3, 4, 5, 6, 7)


def nom_de(user) -> str:
    return user.get_full_name() or user.username


def score(valeur) -> str:
    """A score is points, not money: `72,50` (the ranking page's `floatformat:2`)."""
    return pdf.formater(None) if valeur is None else formats.number_format(valeur, 2)


def _exercices(appel) -> str:
    if appel.exercice_debut == appel.exercice_fin:
        return str(appel.exercice_debut)
    return f"{appel.exercice_debut}–{appel.exercice_fin}"


def _appel(appel) -> list:
    bornes = _("de %(mini)s à %(maxi)s") % {
        "mini": pdf.formater(appel.montant_minimum),
        "maxi": pdf.formater(appel.montant_maximum),
    }
    return [
        pdf.intertitre(_("L'appel de projets")),
        pdf.fiche(
            [
                (_("Appel de projets"), appel.titre),
                (_("Programme"), str(appel.programme)),
                (_("Exercices financés"), _exercices(appel)),
                (_("Budget de l'appel"), appel.budget),
                (_("Montant par projet"), bornes),
                (_("Clôture"), moment_en_mots(appel.cloture)),
                (
                    _("Écart signalé entre évaluateurs"),
                    _("plus de %(n)s points") % {"n": score(appel.ecart_signale)},
                ),
            ]
        ),
    ]


def _comite(contenu) -> list:
    elements = [pdf.intertitre(_("Le comité de sélection"))]
    if not contenu["comite"]:
        return [*elements, pdf.vide(_("Aucun évaluateur n'est affecté à cet appel."))]
    elements.append(
        pdf.tableau(
            [
                _("Évaluateur"),
                _("Demandes à évaluer"),
                _("Évaluations soumises"),
                _("Conflits d'intérêts déclarés"),
            ],
            [
                [nom_de(m["membre"].user), m["a_evaluer"], m["soumises"], len(m["conflits"])]
                for m in contenu["comite"]
            ],
            largeurs=[90 * MM, 45 * MM, 45 * MM, 55 * MM],
        )
    )
    elements.append(pdf.intertitre(_("Conflits d'intérêts : qui s'est abstenu sur quoi")))
    if not contenu["abstentions"]:
        return [*elements, pdf.vide(_("Aucun conflit d'intérêts déclaré."))]
    # As many rows as conflicts: a long list, like the ranking.
    elements.append(
        tableau_long(
            [_("Rang"), _("Organisme"), _("Projet"), _("S'est abstenu")],
            (
                [rang, str(d.organisme), d.titre_projet or pdf.formater(None), nom_de(user)]
                for rang, d, user in contenu["abstentions"]
            ),
            largeurs=[15 * MM, 80 * MM, 80 * MM, 60 * MM],
            nombres=(0,),
        )
    )
    return elements


def _grille(criteres) -> list:
    elements = [pdf.intertitre(_("La grille d'évaluation"))]
    if not criteres:
        return [*elements, pdf.vide(_("Aucun critère."))]
    elements.append(
        pdf.tableau(
            [_("Critère"), _("Note maximale"), _("Pondération"), _("Guide d'évaluation")],
            [
                [c.libelle, score(c.note_maximale), f"{score(c.ponderation)} %", c.guide]
                for c in criteres
            ],
            largeurs=[70 * MM, 28 * MM, 28 * MM, 117 * MM],
        )
    )
    return elements


def rangee(ligne) -> list:
    """One line of the ranking as the minutes print it."""
    d, r = ligne.demande, ligne.recommandation
    ecart = score(ligne.ecart)
    if ligne.ecart_signale:
        ecart = _("%(ecart)s (désaccord)") % {"ecart": ecart}
    decision = ""
    if r is not None:
        decision = r.get_decision_display()
        if r.motif:
            decision = f"{decision} — {r.motif}"
    par = ""
    if r is not None:
        le = timezone.localtime(r.decide_le)
        par = _("%(qui)s, le %(date)s à %(heure)s") % {
            "qui": nom_de(r.decide_par),
            "date": date_longue(le.date()),
            "heure": heure(le),
        }
    return [
        ligne.rang,
        str(d.organisme),
        d.titre_projet or pdf.formater(None),
        score(ligne.moyenne),
        ecart,
        d.montant_demande,
        ligne.montant_recommande,
        ligne.cumul,
        decision,
        par,
    ]


def _classement(contenu) -> list:
    appel, lignes = contenu["appel"], contenu["lignes"]
    elements = [pdf.intertitre(_("Le classement"))]
    if not lignes:
        return [*elements, pdf.vide(_("Aucune demande recevable pour cet appel."))]
    entetes = [
        _("Rang"),
        _("Organisme"),
        _("Projet"),
        _("Score (sur 100)"),
        _("Écart"),
        _("Montant demandé"),
        _("Montant recommandé"),
        _("Cumul"),
        _("Décision et motif"),
        _("Décidé par"),
    ]
    coupe = next((i for i, ligne in enumerate(lignes) if ligne.ligne_de_coupe), len(lignes))
    dessus, dessous = lignes[:coupe], lignes[coupe:]
    if dessus:
        elements.append(
            tableau_long(entetes, map(rangee, dessus), largeurs=LARGEURS, nombres=NOMBRES)
        )
    if dessous:
        elements += [
            pdf.espace(2 * MM),
            pdf.paragraphe(
                _(
                    "Ligne de coupe : à partir d'ici, le cumul dépasse le budget de l'appel "
                    "(%(budget)s)."
                )
                % {"budget": pdf.formater(appel.budget)},
                "etiquette",
            ),
            pdf.espace(2 * MM),
            tableau_long(entetes, map(rangee, dessous), largeurs=LARGEURS, nombres=NOMBRES),
        ]
    return elements


def _totaux(contenu) -> list:
    appel, par_decision = contenu["appel"], contenu["decisions"]
    libelles = {
        "retenue": _("Retenues"),
        "liste_attente": _("Liste d'attente"),
        "non_retenue": _("Non retenues"),
        None: _("Sans décision"),
    }
    lignes = [
        [libelle, par_decision[cle]["nombre"], par_decision[cle]["montant"]]
        for cle, libelle in libelles.items()
    ]
    return [
        pdf.intertitre(_("Totaux")),
        pdf.tableau(
            [_("Décision"), _("Demandes"), _("Montant recommandé")],
            lignes,
            largeurs=[80 * MM, 40 * MM, 60 * MM],
            total=[_("Total"), len(contenu["lignes"]), sum(r[2] for r in lignes)],
        ),
        pdf.espace(3 * MM),
        pdf.fiche(
            [
                (_("Budget de l'appel"), appel.budget),
                (_("Montant recommandé des demandes retenues"), contenu["retenu"]),
                (_("Solde du budget"), contenu["solde"]),
            ],
            largeur_etiquette=80 * MM,
        ),
    ]


def proces_verbal_pdf(*, appel) -> bytes:
    contenu = proces_verbal(appel=appel)
    document = pdf.Document(
        titre=_("Procès-verbal du comité de sélection — %(appel)s") % {"appel": appel.titre},
        sujet=_("Procès-verbal du comité de sélection"),
        paysage=True,
    )
    genere = document.genere_le
    elements = [
        *pdf.titre(
            _("Procès-verbal du comité de sélection"),
            _("%(appel)s — établi le %(date)s à %(heure)s")
            % {"appel": appel.titre, "date": date_longue(genere.date()), "heure": heure(genere)},
        ),
        *_appel(appel),
        *_comite(contenu),
        *_grille(contenu["criteres"]),
        *_classement(contenu),
        *_totaux(contenu),
    ]
    return document.construire(elements)
