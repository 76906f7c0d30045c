import datetime
import logging
import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from portal import health
from portal.frame import customer_service_panels
from portal.home import home_panels

logger = logging.getLogger(__name__)


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Home: a greeting and tiles; for a signed-in person also the panels the apps register."""
    context = {"panels": [], "nav": "home"}
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


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy statement, from the register of personal data (the one the retention job and
    a person's own download read)."""
    from portal.privacy import register

    return render(
        request,
        "portal/privacy.html",
        {"crumbs": [(_("Privacy statement"), "")], "kinds": register.kinds()},
    )


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: this process answers (nothing else is asked; readiness is /readyz)."""
    return JsonResponse({"status": "ok"})


@require_safe
def security_txt(request: HttpRequest) -> HttpResponse:
    """/.well-known/security.txt (RFC 9116): how to report a vulnerability, from the settings."""
    expires = settings.SECURITY_TXT_EXPIRES
    if expires:
        moment = datetime.datetime.fromisoformat(expires)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)
    else:
        moment = timezone.now().replace(microsecond=0) + datetime.timedelta(days=180)
    lines = [
        f"Contact: {settings.SECURITY_CONTACT}",
        f"Expires: {moment.astimezone(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        *([f"Policy: {settings.SECURITY_POLICY_URL}"] if settings.SECURITY_POLICY_URL else []),
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.PORTAL_BASE_URL.rstrip('/')}/.well-known/security.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness for the load balancer (portal/health.py): 503 when a critical check fails."""
    results = health.readiness()
    details = health.may_see_details(request)
    unavailable = any(not r.ok and r.critical for r in results)
    status = "unavailable" if unavailable else "ok" if all(r.ok for r in results) else "degraded"
    checks = {
        r.name: {"ok": r.ok, "critical": r.critical, **(r.detail if details else {})}
        for r in results
    }
    return JsonResponse({"status": status, "checks": checks}, status=503 if unavailable else 200)


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
        # Nobody is looked up again on the way out (the middleware asks who is signed in):
        # one attempt to reach the database per request, and one line in the log.
        request.user = AnonymousUser()
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
