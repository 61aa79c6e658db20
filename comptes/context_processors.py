from .roles import Role, est_personnel, roles_de


def _section(request):
    """Which top-level menu entry the current page belongs to (marked aria-current)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.url_name == "file_travail_section":
        return "file_travail"
    if match.namespace == "catalogue":
        return "services"
    if match.namespace == "subventions" and match.url_name.startswith("programme"):
        return "programmes"
    return match.namespace or match.url_name


def profil(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"est_personnel": False}
    roles = roles_de(user)
    return {
        "est_personnel": est_personnel(user),
        "est_administrateur": Role.ADMINISTRATEUR in roles,
        "est_partenaire": Role.PARTENAIRE in roles,
        "est_evaluateur": Role.EVALUATEUR in roles,
        "libelles_roles": [Role(r).label for r in sorted(roles)],
        "section": _section(request),
    }
