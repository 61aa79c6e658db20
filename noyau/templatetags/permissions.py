from django import template

from noyau.permissions import peut as _peut

register = template.Library()


@register.simple_tag(takes_context=True)
def peut(context, permission, obj=None):
    """`{% peut "subventions.creer_subvention" as ok %}` — by role, never by superuser status."""
    return _peut(context["request"].user, permission, obj)
