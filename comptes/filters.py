import django_filters as filters
from django.utils.translation import gettext_lazy as _

from noyau.filters import RechercheFilter

from .models import ChangementRole
from .roles import Role

CHOIX_ROLES = [*Role.choices, (ChangementRole.SUPERUTILISATEUR, _("Superutilisateur"))]


class ChangementRoleFilter(filters.FilterSet):
    q = RechercheFilter(
        label=_("Compte (nom ou identifiant)"),
        champs=["utilisateur__username", "utilisateur__first_name", "utilisateur__last_name"],
    )
    role = filters.ChoiceFilter(label=_("Rôle"), choices=CHOIX_ROLES, empty_label=_("Tous"))

    class Meta:
        model = ChangementRole
        fields = ["q", "role"]
