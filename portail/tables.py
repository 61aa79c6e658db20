"""The portal home's tables: the partner's grants, obligations, instalments and the BINAM's
messages. Each column shows only what the partner may see (amounts through the grants' rule,
comments through the review's rule), and no column names another organisation or an officer."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from noyau.formats import date_longue
from noyau.permissions import peut
from noyau.tables import DateColumn, MontantColumn, TemplateColumn
from organismes.models import Contact, Document
from reddition.models import Suivi
from reddition.tables import ObligationTable
from subventions.models import ordre_numero
from subventions.tables import NUMERO, SubventionsOrganismeTable
from versements.models import Versement

RANG = (*ordre_numero("subvention__"), "rang")


class SubventionPortailTable(SubventionsOrganismeTable):
    date_debut = DateColumn(verbose_name=_("Début"), short=True, order_by=("date_debut", *NUMERO))
    date_fin = DateColumn(verbose_name=_("Fin"), short=True, order_by=("date_fin", *NUMERO))

    class Meta(SubventionsOrganismeTable.Meta):
        fields = ["numero", "titre", "statut", "montant_accorde", "date_debut", "date_fin"]
        sequence = ("numero", "titre", "statut", "montant_accorde", "date_debut", "date_fin")
        # The proposed amount is the staff's (subventions.voir_totaux_non_decides).
        exclude = ("programme", "montant_propose")


class ObligationPortailTable(ObligationTable):
    def render_etat(self, value, record, bound_column):
        pastille = self.columns["etat"].column.render(value, record, bound_column)
        if not getattr(record, "brouillon_le", None):
            return pastille
        # A draft saved and not sent: the partner sees it before the deadline passes.
        return format_html(
            '{}<br><span class="aide">{}</span>',
            pastille,
            _("Brouillon enregistré le %(le)s, pas encore soumis")
            % {"le": date_longue(record.brouillon_le, "DATETIME_FORMAT")},
        )

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
    # The year the instalment's money belongs to (its part of the répartition).
    exercice = tables.Column(verbose_name=_("Exercice"), order_by=("exercice", *RANG))
    condition = tables.Column(verbose_name=_("Condition"), order_by=("condition", *RANG))
    date_prevue = DateColumn(
        verbose_name=_("Date prévue"), short=True, order_by=("date_prevue", *RANG)
    )
    montant = MontantColumn(verbose_name=_("Montant"), order_by=("montant", *RANG))
    statut = TemplateColumn(
        '<span class="pastille versement-{{ record.statut }}">'
        "{{ record.get_statut_display }}</span>",
        verbose_name=_("Statut"),
        order_by=("statut", *RANG),
    )
    date_paiement = DateColumn(
        verbose_name=_("Payé le"), short=True, order_by=("date_paiement", *RANG)
    )

    class Meta:
        model = Versement
        fields = []
        sequence = (
            "subvention",
            "rang",
            "exercice",
            "condition",
            "date_prevue",
            "montant",
            "statut",
            "date_paiement",
        )
        order_by = "date_prevue"
        empty_text = _("Aucun versement prévu : l'échéancier est créé à la signature.")


class MessageTable(tables.Table):
    le = DateColumn(verbose_name=_("Reçu le"), short=True, order_by=("le", "pk"))
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


CONTACT_NOM = (
    "{{ record.nom }}{% if record.principal %} "
    '<span class="pastille">{% load i18n %}{% translate "principal" %}</span>{% endif %}'
)
CONTACT_ACTIONS = (
    "{% load i18n %}"
    '<a href="{% url \'portail:contact_modifier\' record.pk %}">{% translate "Modifier" %}'
    '<span class="visuellement-cache"> {{ record.nom }}</span></a> · '
    '<a href="{% url \'portail:contact_supprimer\' record.pk %}">{% translate "Supprimer" %}'
    '<span class="visuellement-cache"> {{ record.nom }}</span></a>'
)
VALIDITE = (
    "{% load i18n %}{% if record.date_validite %}"
    "<time datetime=\"{{ record.date_validite|date:'Y-m-d' }}\">{{ record.date_validite|date }}"
    "</time>{% if record.est_expire %} "
    '<span class="pastille statut-annulee">{% translate "expiré" %}</span>{% endif %}'
    "{% else %}—{% endif %}"
)
TELECHARGER = (
    "{% load i18n %}"
    "<a href=\"{% url 'organismes:document' record.organisme_id record.pk %}\" download>"
    '{% translate "Télécharger" %}<span class="visuellement-cache"> {{ record.titre }}'
    "</span></a> ({{ record.format }})"
)
REMPLACER = (
    "{% load i18n %}"
    "<a href=\"{% url 'portail:document_remplacer' record.pk %}\">"
    "{{ libelle }}"
    '<span class="visuellement-cache"> — {{ record.titre }}</span></a>'
)


class ContactProfilTable(tables.Table):
    nom = TemplateColumn(CONTACT_NOM, verbose_name=_("Nom"), order_by=("nom", "pk"))
    fonction = tables.Column(verbose_name=_("Fonction"))
    courriel = tables.EmailColumn(verbose_name=_("Courriel"))
    telephone = tables.Column(verbose_name=_("Téléphone"))
    actions = TemplateColumn(
        CONTACT_ACTIONS, verbose_name=_("Actions"), orderable=False, empty_values=()
    )

    class Meta:
        model = Contact
        fields = []
        sequence = ("nom", "fonction", "courriel", "telephone", "actions")
        orderable = False
        empty_text = _("Aucun contact.")


class DocumentProfilTable(tables.Table):
    type = tables.Column(verbose_name=_("Type"))
    titre = tables.Column(verbose_name=_("Titre"))
    date_validite = TemplateColumn(VALIDITE, verbose_name=_("Valide jusqu'au"))
    televerse_le = DateColumn(verbose_name=_("Téléversé le"), short=True)
    fichier = TemplateColumn(TELECHARGER, verbose_name=_("Fichier"))
    actions = TemplateColumn(
        REMPLACER,
        verbose_name=_("Actions"),
        empty_values=(),
        extra_context={"libelle": _("Remplacer par une nouvelle version")},
    )

    class Meta:
        model = Document
        fields = []
        sequence = ("type", "titre", "date_validite", "televerse_le", "fichier", "actions")
        orderable = False
        empty_text = _("Aucun document.")


class VersionRemplaceeTable(tables.Table):
    type = tables.Column(verbose_name=_("Type"))
    titre = tables.Column(verbose_name=_("Titre"))
    date_validite = TemplateColumn(VALIDITE, verbose_name=_("Valide jusqu'au"))
    televerse_le = DateColumn(verbose_name=_("Téléversé le"), short=True)
    remplace_le = DateColumn(
        verbose_name=_("Remplacé le"), accessor="remplace_par__televerse_le", short=True
    )
    fichier = TemplateColumn(TELECHARGER, verbose_name=_("Fichier"))

    class Meta:
        model = Document
        fields = []
        sequence = ("type", "titre", "date_validite", "televerse_le", "remplace_le", "fichier")
        orderable = False
        empty_text = _("Aucune version remplacée.")
