"""The two workbooks over a date range: the instalment schedule and the reporting status."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from noyau.formats import nom_complet
from reddition.models import Obligation
from reddition.selectors import obligations_visibles
from subventions.models import ordre_numero
from versements.models import Versement
from versements.selectors import versements_visibles

from .classeurs import CHUNK, Colonne, classeur, titre_periode

V = Versement.Statut
ZERO = Decimal("0")


def echeancier_versements(*, user, du, au):
    """Every instalment due in [du, au] that `user` may see, by due date, cancelled ones
    included. Totals: how many and Σ amount of the instalments not cancelled, and Σ paid; the
    cancelled ones listed are said apart, the label counting the same rows as the amount."""
    versements = (
        versements_visibles(user=user)
        .filter(date_prevue__range=(du, au))
        .order_by("date_prevue", *ordre_numero("subvention__"), "rang")
    )
    colonnes = [
        Colonne(_("Date prévue"), 13),
        Colonne(_("Subvention"), 17),
        Colonne(_("Organisme"), 40),
        Colonne(_("Programme"), 28),
        Colonne(_("Rang"), 8),
        Colonne(_("Exercice"), 10),
        Colonne(_("Condition"), 36),
        Colonne(_("Statut"), 12),
        Colonne(_("Montant"), 17),
        Colonne(_("Payé"), 17),
        Colonne(_("Date du paiement"), 17),
        Colonne(_("Référence du paiement"), 22),
    ]
    sommes = {"prevu": ZERO, "paye": ZERO, "nombre": 0}

    def lignes():
        for v in versements.iterator(chunk_size=CHUNK):
            paye = v.montant if v.statut == V.PAYE else None
            if v.statut != V.ANNULE:
                sommes["prevu"] += v.montant
                sommes["nombre"] += 1
            if paye is not None:
                sommes["paye"] += paye
            yield [
                v.date_prevue,
                v.subvention.numero,
                v.subvention.organisme.nom_legal,
                v.subvention.programme.nom,
                v.rang,
                v.exercice,
                v.get_condition_display(),
                v.get_statut_display(),
                v.montant,
                paye,
                v.date_paiement,
                v.reference_paiement,
            ]

    def totaux(nombre):
        valides = sommes["nombre"]
        libelle = ngettext(
            "Total hors annulés : %(nombre)d versement",
            "Total hors annulés : %(nombre)d versements",
            valides,
        ) % {"nombre": valides}
        if annules := nombre - valides:
            libelle += " " + ngettext(
                "(%(annules)d versement annulé listé, non compté)",
                "(%(annules)d versements annulés listés, non comptés)",
                annules,
            ) % {"annules": annules}
        return [libelle, *[None] * 7, sommes["prevu"], sommes["paye"]]

    return classeur(
        feuille=_("Échéancier"),
        titre=titre_periode(_("Échéancier des versements"), du, au),
        colonnes=colonnes,
        lignes=lignes(),
        totaux=totaux,
    )


def etat_reddition(*, user, du, au):
    """Every reporting obligation due in [du, au] that `user` may see, with its state (en retard
    computed today) and the days late. Totals: how many, and how many late."""
    obligations = (
        obligations_visibles(user=user)
        .filter(date_echeance__range=(du, au))
        .order_by("date_echeance", *ordre_numero("subvention__"))
    )
    aujourd_hui = timezone.localdate()
    colonnes = [
        Colonne(_("Échéance"), 13),
        Colonne(_("Subvention"), 17),
        Colonne(_("Organisme"), 40),
        Colonne(_("Programme"), 28),
        Colonne(_("Agent responsable"), 24),
        Colonne(_("Type"), 18),
        Colonne(_("Début de la période"), 14),
        Colonne(_("Fin de la période"), 14),
        Colonne(_("État"), 12),
        Colonne(_("Jours de retard"), 10),
    ]
    compte = {"en_retard": 0}

    def lignes():
        for o in obligations.iterator(chunk_size=CHUNK):
            retard = None
            if o.etat == Obligation.Etat.EN_RETARD:
                retard = (aujourd_hui - o.date_echeance).days
                compte["en_retard"] += 1
            yield [
                o.date_echeance,
                o.subvention.numero,
                o.subvention.organisme.nom_legal,
                o.subvention.programme.nom,
                nom_complet(o.subvention.agent),
                o.get_type_display(),
                o.periode_debut,
                o.periode_fin,
                str(o.get_etat_display()),
                retard,
            ]

    def totaux(nombre):
        return [
            ngettext("Total : %(nombre)d obligation", "Total : %(nombre)d obligations", nombre)
            % {"nombre": nombre},
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            _("En retard"),
            compte["en_retard"],
        ]

    return classeur(
        feuille=_("Reddition de comptes"),
        titre=titre_periode(_("État de la reddition de comptes"), du, au),
        colonnes=colonnes,
        lignes=lignes(),
        totaux=totaux,
    )
