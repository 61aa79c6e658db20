import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from noyau.formats import nom_complet
from noyau.tables import DateColumn, OuiNonColumn

from .models import ChangementRole
from .roles import Role


def libelle_role(code):
    if code == ChangementRole.SUPERUTILISATEUR:
        return _("Superutilisateur")
    return Role(code).label if code in Role.values else code


def nom_de(user):
    return nom_complet(user) or "—"


class ChangementRoleTable(tables.Table):
    le = DateColumn(verbose_name=_("Le"), format="DATETIME_FORMAT")
    utilisateur = tables.Column(verbose_name=_("Compte"), order_by=("utilisateur__username", "-le"))
    role = tables.Column(verbose_name=_("Rôle"))
    ajoute = OuiNonColumn(verbose_name=_("Ajouté"))
    par = tables.Column(verbose_name=_("Par"), order_by=("par__username", "-le"), default="—")

    class Meta:
        model = ChangementRole
        fields = ["le", "utilisateur", "role", "ajoute", "par"]
        order_by = "-le"
        empty_text = _("Aucun changement de rôle enregistré.")

    def render_utilisateur(self, value):
        return nom_de(value)

    def value_utilisateur(self, value):
        return nom_de(value)

    def render_par(self, value):
        return nom_de(value)

    def value_par(self, value):
        return nom_de(value)

    def render_role(self, value):
        return libelle_role(value)

    def value_role(self, value):
        return str(libelle_role(value))
