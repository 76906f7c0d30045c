import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

IDLE_KEY = "portal_last_seen"
MFA_OK_KEY = "portal_mfa_ok"
USERSESSION_SEEN_KEY = "portal_usersession_seen"
USERSESSION_TRACK_EVERY = 60  # seconds


class SecurityHeadersMiddleware:
    """Headers Django has no setting for, and no caching of what a signed-in person sees.

    ``Permissions-Policy`` turns off browser features the portal never uses (camera, microphone,
    geolocation, ...); ``Cross-Origin-Resource-Policy`` keeps other sites from embedding our
    responses. Every response to a signed-in person gets ``Cache-Control: private, no-store``:
    their pages carry personal data, which no shared or browser cache should keep.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        user = getattr(request, "user", None)  # unset for static files (WhiteNoise answers)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class UserSessionsMiddleware:
    """allauth's ``UserSessionsMiddleware``, writing "last seen" at most once a minute.

    allauth rewrites the person's session row (a transaction with a SELECT, an UPDATE and a
    COMMIT) on every request, so every page paid five round trips and a disk flush. The sessions
    list (Mijn gegevens, back office) shows when a session was last used: to the minute is
    enough. Sign-in still records the session at once (allauth's ``user_logged_in`` receiver).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from allauth.usersessions import app_settings
        from allauth.usersessions.models import UserSession

        if (
            app_settings.TRACK_ACTIVITY
            and hasattr(request, "session")
            and request.session.session_key
            and request.user.is_authenticated
        ):
            now = int(time.time())
            if now - request.session.get(USERSESSION_SEEN_KEY, 0) >= USERSESSION_TRACK_EVERY:
                UserSession.objects.create_from_request(request)
                request.session[USERSESSION_SEEN_KEY] = now
        return self.get_response(request)


class IdleSessionTimeoutMiddleware:
    """End a signed-in session after SESSION_IDLE_TIMEOUT seconds without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were signed out because you were inactive."))
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('account_login')}?{query}")
            # Write at most once a minute, so most requests do not rewrite the session.
            if last_seen is None or now - last_seen > 60:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


class MfaRequiredMiddleware:
    """With MFA_REQUIRED, a signed-in user without MFA must set it up before anything else.

    Until then only the pages that set it up (an authenticator app, a security key, recovery
    codes, the re-authentication they may ask for) and logging out are open: not the login email
    or the password, nor any portal page. Decided by the URL's name, in every language.
    """

    ALLOWED_VIEWS = frozenset(
        {
            "mfa_index",
            "mfa_activate_totp",
            "mfa_add_webauthn",
            "mfa_list_webauthn",
            "mfa_reauthenticate",
            "mfa_reauthenticate_webauthn",
            "mfa_generate_recovery_codes",
            "mfa_view_recovery_codes",
            "mfa_download_recovery_codes",
            "account_reauthenticate",
            "account_logout",
            "admin:logout",
            "healthz",
            "security_txt",
            "readyz",
        }
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            not settings.MFA_REQUIRED
            or not request.user.is_authenticated
            or request.session.get(MFA_OK_KEY)
            or request.resolver_match.view_name in self.ALLOWED_VIEWS
        ):
            return None
        from allauth.mfa.models import Authenticator

        has_mfa = Authenticator.objects.filter(
            user=request.user,
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
        ).exists()
        if has_mfa:
            request.session[MFA_OK_KEY] = True
            return None
        messages.warning(request, _("Set up two-factor authentication before you continue."))
        return redirect("mfa_activate_totp")


class MethodNotAllowedPageMiddleware:
    """Give a 405 (an action URL opened with GET, e.g. from a bookmark) a real page.

    Django's ``require_POST`` and friends answer with an empty body, which browsers show as an
    error page of their own, in English and without our navigation. The status and the Allow
    header stay as they are.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            page = render(request, "errors/405.html", status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response
