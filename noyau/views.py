from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def sante(request):
    """Liveness and database check for the load balancer (no login)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"database": "error"}, status=503)
    return JsonResponse({"database": "ok"})


def echec_csrf(request, reason=""):
    """CSRF_FAILURE_VIEW: the project's page, not Django's bare English one. Rendered with the
    request (unlike django.views.csrf.csrf_failure) so that the header, menu and language are
    the user's. The page the form came from (the Referer, when it is this site's) is offered
    to reload it: the POST's own address may not answer GET. `reason` is for developers and is
    not shown."""
    precedente = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        precedente, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        precedente = ""
    return render(request, "403_csrf.html", {"formulaire": precedente}, status=403)
