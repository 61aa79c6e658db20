"""The portal home's tables: the partner's grants, obligations, instalments and the BINAM's
messages. Each column shows only what the partner may see (amounts through the grants' rule,
comments through the review's rule), and no column names another organisation or an officer."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.permissions import peut
from noyau.tables import MontantColumn
from reddition.models import Suivi
from reddition.tables import ObligationTable
from subventions.tables import NUMERO, SubventionsOrganismeTable
from versements.models import Versement

RANG = ("subvention__annee_numero", "subvention__sequence_numero", "rang")


class SubventionPortailTable(SubventionsOrganismeTable):
    date_debut = tables.DateColumn(
        verbose_name=_("Début"), short=True, order_by=("date_debut", *NUMERO)
    )
    date_fin = tables.DateColumn(verbose_name=_("Fin"), short=True, order_by=("date_fin", *NUMERO))

    class Meta(SubventionsOrganismeTable.Meta):
        fields = ["numero", "titre", "statut", "montant_accorde", "date_debut", "date_fin"]
        sequence = ("numero", "titre", "statut", "montant_accorde", "date_debut", "date_fin")
        exclude = ("programme",)


class ObligationPortailTable(ObligationTable):
    class Meta(ObligationTable.Meta):
        exclude = ("organisme", "programme", "agent")
        sequence = ("type", "subvention", "periode_debut", "periode_fin", "date_echeance", "etat")
        order_by = "etat"
        empty_text = _("Aucun rapport à remettre pour le moment.")


class VersementPortailTable(tables.Table):
    subvention = tables.Column(
        verbose_name=_("Subvention"),
        accessor="subvention__numero",
        linkify=lambda record: record.subvention.get_absolute_url() + "#versements",
        order_by=RANG,
        attrs={"td": {"class": "sans-coupure"}},
    )
    rang = tables.Column(verbose_name=_("Rang"), order_by=RANG)
    condition = tables.Column(verbose_name=_("Condition"), order_by=("condition", *RANG))
    date_prevue = tables.DateColumn(
        verbose_name=_("Date prévue"), short=True, order_by=("date_prevue", *RANG)
    )
    montant = MontantColumn(verbose_name=_("Montant"), order_by=("montant", *RANG))
    statut = tables.TemplateColumn(
        '<span class="pastille versement-{{ record.statut }}">'
        "{{ record.get_statut_display }}</span>",
        verbose_name=_("Statut"),
        order_by=("statut", *RANG),
    )
    date_paiement = tables.DateColumn(
        verbose_name=_("Payé le"), short=True, order_by=("date_paiement", *RANG)
    )

    class Meta:
        model = Versement
        fields = []
        sequence = (
            "subvention",
            "rang",
            "condition",
            "date_prevue",
            "montant",
            "statut",
            "date_paiement",
        )
        order_by = "date_prevue"
        empty_text = _("Aucun versement prévu: l'échéancier est créé à la signature.")


class MessageTable(tables.Table):
    le = tables.DateColumn(verbose_name=_("Reçu le"), short=True, order_by=("le", "pk"))
    obligation = tables.Column(
        verbose_name=_("Rapport à corriger"),
        linkify=lambda record: record.obligation.get_absolute_url(),
        order_by=("obligation__date_echeance", "pk"),
    )
    commentaire = tables.Column(verbose_name=_("Message du BINAM"), orderable=False)

    class Meta:
        model = Suivi
        fields = []
        sequence = ("le", "obligation", "commentaire")
        order_by = "-le"
        empty_text = _("Aucun rapport renvoyé pour correction.")

    def render_commentaire(self, value, record):
        if peut(self.request.user, "reddition.voir_commentaire", record):
            return value
        return "—"
