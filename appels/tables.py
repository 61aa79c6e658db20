import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.tables import DateColumn, MontantColumn

from .models import AppelDeProjets, EtatEffectif


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
