import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.tables import DateColumn, MontantColumn

from .models import AppelDeProjets, Demande, EtatEffectif


class AppelTable(tables.Table):
    titre = tables.Column(verbose_name=_("Appel"), linkify=True, order_by=("titre", "pk"))
    programme = tables.Column(verbose_name=_("Programme"), order_by=("programme__nom", "pk"))
    etat_calcule = tables.Column(verbose_name=_("État"), order_by=("etat_calcule", "pk"))
    budget = MontantColumn(verbose_name=_("Budget"))
    montant_maximum = MontantColumn(verbose_name=_("Maximum par projet"))
    ouverture = DateColumn(verbose_name=_("Ouverture"), format="SHORT_DATETIME_FORMAT")
    cloture = DateColumn(verbose_name=_("Clôture"), format="SHORT_DATETIME_FORMAT")
    nb_demandes = tables.Column(
        verbose_name=_("Demandes déposées"), attrs={"td": {"class": "nombre"}}
    )

    class Meta:
        model = AppelDeProjets
        fields = []
        sequence = (
            "titre",
            "programme",
            "etat_calcule",
            "budget",
            "montant_maximum",
            "ouverture",
            "cloture",
            "nb_demandes",
        )
        order_by = "-cloture"
        empty_text = _("Aucun appel de projets ne correspond à ces filtres.")

    def render_etat_calcule(self, value):
        return EtatEffectif(value).label

    def value_etat_calcule(self, value):
        return str(EtatEffectif(value).label)


class DemandeTable(tables.Table):
    organisme = tables.Column(verbose_name=_("Organisme"), order_by=("organisme__nom_legal", "pk"))
    titre_projet = tables.Column(
        verbose_name=_("Projet"),
        linkify=("appels:demande", {"pk": tables.A("pk")}),
        order_by=("titre_projet", "pk"),
    )
    etat = tables.Column(verbose_name=_("État"), order_by=("etat", "pk"))
    montant_demande = MontantColumn(verbose_name=_("Montant demandé"))
    soumise_le = DateColumn(verbose_name=_("Soumise le"), format="SHORT_DATETIME_FORMAT")

    class Meta:
        model = Demande
        fields = []
        sequence = ("organisme", "titre_projet", "etat", "montant_demande", "soumise_le")
        order_by = "organisme"
        empty_text = _("Aucune demande ne correspond à ces filtres.")

    def render_titre_projet(self, value, record):
        return value or _("(sans titre)")
