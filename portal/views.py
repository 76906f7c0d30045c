import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from portal.frame import customer_service_panels
from portal.home import home_panels

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Home: a greeting and tiles; for a signed-in person also the panels the apps register."""
    context = {"panels": []}
    if request.user.is_authenticated:
        for panel in home_panels():
            context.update(panel.context(request))
            context["panels"].append(panel.template)
    return render(request, "portal/home.html", context)


@require_safe
def customer_service(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/customer_service.html",
        {
            "panels": customer_service_panels.keys(),
            "nav": "customer_service",
            "crumbs": [(_("Customer service"), "")],
        },
    )


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/cookies.html", {"crumbs": [(_("Cookies"), "")]})


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/accessibility.html", {"crumbs": [(_("Accessibility statement"), "")]}
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def bad_request(request, exception=None):
    """handler400 (e.g. an admin address with a field it refuses): the site's page, in the
    visitor's language, instead of Django's bare English one."""
    return render(request, "errors/400.html", status=400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its valid token (a page open for too long, or
    cookies refused): the site's page in the visitor's language, telling how to send it
    again, instead of Django's bare English one."""
    return render(request, "errors/403_csrf.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


def server_error(request):
    """handler500. The database down or restarting is no bug: a 503 page in both languages,
    made without the database (no session, no user), that asks to try again in a moment."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        reason = (str(error).splitlines() or [type(error).__name__])[0]
        logger.warning("Database unavailable, answered 503: %s (%s)", request.path, reason)
        response = HttpResponse(render_to_string("errors/503.html"), status=503)
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        response._has_been_logged = True  # one line above, not a traceback per request
        return response
    return render(request, "errors/500.html", status=500)


@require_POST
def cookie_notice_seen(request: HttpRequest) -> HttpResponse:
    """Hide the cookie notice: a functional cookie, no tracking; works without JavaScript."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("portal:home")
    response = redirect(next_url)
    response.set_cookie(
        "cookie_notice_seen",
        "1",
        max_age=365 * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
