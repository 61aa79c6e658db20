"""The instalments list (staff); the same class writes its xlsx/csv exports (noyau.exports).
Also the work queue's instalment sections (reddition/travail.py)."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.exports import Valeur
from noyau.formats import nom_complet
from noyau.tables import DateColumn, MontantColumn, trier
from organismes.models import nom_affiche
from subventions.models import ordre_numero

from .models import LotPaiement, ModificationEcheancier, Versement

PAR_NUMERO = (*ordre_numero("subvention__"), "rang")
# Equal values keep one order (grant, then rank) on every page and in the export, read from the
# instalment's own columns so that an index such as (montant, subvention, rang) serves the sort.
DEPARTAGE = ("subvention_id", "rang")


class VersementTable(tables.Table):
    # Every order_by ends on the grant number and rank: pages and exports never shuffle.
    subvention = tables.Column(
        verbose_name=_("Subvention"),
        accessor="subvention__numero",
        linkify=lambda record: record.subvention.get_absolute_url() + "#versements",
        order_by=PAR_NUMERO,
        attrs={"td": {"class": "sans-coupure"}},
    )
    organisme = tables.Column(verbose_name=_("Organisme"), accessor="subvention__organisme")
    programme = tables.Column(
        verbose_name=_("Programme"),
        accessor="subvention__programme__nom",
        order_by=("subvention__programme__nom", *PAR_NUMERO),
    )
    rang = tables.Column(verbose_name=_("Rang"))
    condition = tables.Column(verbose_name=_("Condition"))
    date_prevue = DateColumn(
        # The default order: the columns of the index versement_par_date, so no sort at all.
        verbose_name=_("Date prévue"),
        order_by=("date_prevue", *DEPARTAGE),
    )
    montant = MontantColumn(verbose_name=_("Montant"), order_by=("montant", *DEPARTAGE))
    statut = tables.Column(verbose_name=_("Statut"), order_by=("statut", *PAR_NUMERO))
    date_paiement = DateColumn(
        verbose_name=_("Date du paiement"),
        order_by=("date_paiement", *PAR_NUMERO),
    )
    reference_paiement = tables.Column(verbose_name=_("Référence du paiement"))
    lot = tables.Column(verbose_name=_("Lot"), order_by=("lot", *PAR_NUMERO))

    class Meta:
        model = Versement
        fields = [
            "subvention",
            "organisme",
            "programme",
            "rang",
            "condition",
            "date_prevue",
            "montant",
            "statut",
            "date_paiement",
            "reference_paiement",
            "lot",
        ]
        order_by = "date_prevue"
        empty_text = _("Aucun versement ne correspond à ces filtres.")

    # Read as values by the export (noyau.exports.Valeur): the organisation by its name, the
    # batch as str(Lot) says it.
    valeurs_export = {
        "organisme": Valeur(nom_affiche("subvention__organisme__")),
        "lot": Valeur("lot", calcul=lambda pk: None if pk is None else LotPaiement.libelle(pk)),
    }

    def order_organisme(self, queryset, is_descending):
        return trier(queryset, nom_affiche("subvention__organisme__"), is_descending, "pk")


# The work queue's sections "à autoriser" and "à payer": the rows to act on, fewer columns.
class VersementTravailTable(tables.Table):
    subvention = tables.Column(
        verbose_name=_("Subvention"),
        accessor="subvention__numero",
        linkify=lambda record: record.subvention.get_absolute_url(),
        order_by=PAR_NUMERO,
        attrs={"td": {"class": "sans-coupure"}},
    )
    organisme = tables.Column(
        verbose_name=_("Organisme"),
        accessor="subvention__organisme",
        order_by=("subvention__organisme__nom_legal", "pk"),
    )
    rang = tables.Column(verbose_name=_("Rang"))
    montant = MontantColumn(verbose_name=_("Montant"), order_by=("montant", "pk"))
    date_prevue = DateColumn(
        verbose_name=_("Date prévue"), short=True, order_by=("date_prevue", "pk")
    )
    condition = tables.Column(verbose_name=_("Condition"))

    class Meta:
        model = Versement
        fields = []
        sequence = ("subvention", "organisme", "rang", "montant", "date_prevue", "condition")
        order_by = "date_prevue"
        empty_text = _("Aucun versement ne correspond à ces filtres.")


# The work queue's section "modifications d'échéancier à approuver".
class ModificationTravailTable(tables.Table):
    subvention = tables.Column(
        verbose_name=_("Subvention"),
        accessor="subvention__numero",
        linkify=lambda record: record.subvention.get_absolute_url() + "#modifications-echeancier",
        order_by=(*ordre_numero("subvention__"), "pk"),
        attrs={"td": {"class": "sans-coupure"}},
    )
    organisme = tables.Column(
        verbose_name=_("Organisme"),
        accessor="subvention__organisme",
        order_by=("subvention__organisme__nom_legal", "pk"),
    )
    propose_par = tables.Column(
        verbose_name=_("Proposée par"), order_by=("propose_par__last_name", "pk")
    )
    propose_le = DateColumn(
        verbose_name=_("Proposée le"), format="DATETIME_FORMAT", order_by=("propose_le", "pk")
    )
    motif = tables.Column(verbose_name=_("Motif"), orderable=False)

    class Meta:
        model = ModificationEcheancier
        fields = []
        sequence = ("subvention", "organisme", "propose_par", "propose_le", "motif")
        order_by = "propose_le"
        empty_text = _("Aucune modification d'échéancier ne correspond à ces filtres.")

    def render_propose_par(self, value):
        return nom_complet(value)

    def value_propose_par(self, value):
        return nom_complet(value)
