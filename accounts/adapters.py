from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks

from accounts.throttle import (
    ACCOUNT_LOCK_WINDOW,
    account_locked,
    client_address,
    lockout_mail_due,
    login_failure_record,
)
from portal.mail import absolute_url, queue_mail, send_templated_mail


def login_display(user) -> str:
    """How allauth names the signed-in login in its messages: by its login address (``str(user)``
    is the person's name and institution, for the back office)."""
    return user.email


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: an account exists only after an approved account request.

    allauth's own mails (password reset, email confirmation codes, MFA notices) go out like the
    portal's: through Django's Tasks after the transaction commits, with a text and HTML body.
    """

    def is_open_for_signup(self, request):
        return False

    def format_email_subject(self, subject: str) -> str:
        return f"CBS Microdata Services – {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "portal_url": settings.PORTAL_BASE_URL,
        }
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", [])
             if mimetype == "text/html"),
            "",
        )  # fmt: skip
        if message.content_subtype == "html":  # allauth rendered only an HTML body
            html, text = message.body, ""
        else:
            text = message.body
        kwargs = {
            "to": list(message.to),
            "subject": message.subject,
            "text": text,
            "html": html or linebreaks(escape(text)),
        }
        queue_mail(**kwargs)

    def reauthenticate(self, user, password: str) -> bool:
        """allauth's "confirm it is you" (email change, second factors): the portal's one
        re-authentication (accounts.reauth), with the login's limits and an audit event."""
        from allauth.core import context as allauth_context

        from accounts.reauth import reauthenticate

        request = allauth_context.request
        if request is None or request.user.pk != user.pk:
            return False
        try:
            reauthenticate(request, password=password, purpose="account")
        except ValidationError as error:
            if error.code == "too_many_attempts":
                raise
            return False
        return True

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The per-key limit of "login_failed" counts per account AND client address: wrong
        passwords from one address pause the account for that address only."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_address(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        if account_locked(credentials.get("email") or ""):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials) -> None:
        """A wrong password. When it uses up the allowance of this account from this address
        (ACCOUNT_RATE_LIMITS "login_failed" per key), or pauses the whole account (failures from
        several addresses, accounts.throttle), the owner is told, at most once an hour."""
        super().authentication_failed(request, **credentials)
        email = credentials.get("email") or ""
        login_failure_record(request, email)
        if account_locked(email):
            _mail_owner_of_locked_account(email, minutes=ACCOUNT_LOCK_WINDOW // 60)
            return
        key = self._get_login_attempts_cache_key(request, **credentials)
        for rate in allauth_ratelimit.get_rates(app="allauth.account", action="login_failed"):
            if rate.per != "key":
                continue
            # allauth's own check, without counting: is the next attempt refused?
            still_open = allauth_ratelimit._consume_single_rate(
                request, app="allauth.account", action="login_failed", rate=rate, key=key,
                dry_run=True,
            )  # fmt: skip
            if not still_open:
                _mail_owner_of_locked_account(email, minutes=max(1, int(rate.duration) // 60))


def _mail_owner_of_locked_account(email: str, *, minutes: int) -> None:
    from accounts.models import User

    email = email.strip()
    user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
    if user is None or not lockout_mail_due(user.email):
        return
    with translation.override(user.language):
        reset_url = absolute_url(reverse("account_reset_password"))
    send_templated_mail(
        to=user.email,
        template="accounts/mail/login_locked",
        context={"minutes": minutes, "reset_url": reset_url},
        language=user.language,
    )
