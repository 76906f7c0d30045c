"""Re-authentication: THE check of a signed-in person's password before a weighty step.

Signing a project agreement, downloading one's personal data, changing the password, changing
the sign-in address (allauth's "confirm it is you" page), setting up a second factor: each asks
for the password again through ``reauthenticate`` (or the ``ReauthenticationForm`` built on it).
It goes through the login's own checks (allauth's ``authenticate``: the "login_failed" limits per
client address and per account and address, and the account's lock-out of
``accounts.throttle``), so a session holder cannot guess the password here past the login's
limits. Every wrong password, and every attempt refused by the limits, is an audit event.
"""

from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.core import context as allauth_context
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.events import AccountEvent
from portal.audit import record

WRONG = _("The password is not correct.")
TOO_MANY = _("Too many wrong passwords. Wait a few minutes and try again.")


def reauthenticate(request, *, password: str, purpose: str) -> None:
    """Confirm that ``password`` is the signed-in user's; raises ``ValidationError`` (code
    "incorrect_password" or "too_many_attempts") otherwise. ``purpose`` names the step in the
    audit event ("agreement.sign", "personal_data.download", ...)."""
    user = request.user
    credentials = {"email": user.email, "password": password or ""}
    with allauth_context.request_context(request):
        try:
            confirmed = get_adapter(request).authenticate(request, **credentials)
        except ValidationError:  # the login's limits: too many wrong passwords
            _record_failure(request, purpose=purpose, reason="too_many_attempts")
            raise ValidationError(TOO_MANY, code="too_many_attempts") from None
    if confirmed is None or confirmed.pk != user.pk:
        _record_failure(request, purpose=purpose, reason="incorrect_password")
        raise ValidationError(WRONG, code="incorrect_password")


def _record_failure(request, *, purpose: str, reason: str) -> None:
    from accounts.throttle import client_address

    user = request.user
    record(
        verb=AccountEvent.REAUTHENTICATION_FAILED,
        by=user,
        target=user,
        person=getattr(user, "person", None),
        description=purpose,
        reason=reason,
        data={"purpose": purpose, "client_address": client_address(request) or ""},
    )


class ReauthenticationForm(forms.Form):
    """A form that asks for the password again: ``Form(data, request=request)``. Subclasses
    add their own fields and set ``purpose``; the password is checked by ``reauthenticate``."""

    purpose = "account"
    password = forms.CharField(
        label=_("Your password"),
        max_length=200,
        strip=False,
        help_text=_("Confirm that it is you: the password you sign in with."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Type your password to confirm that it is you.")},
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        reauthenticate(self.request, password=password, purpose=self.purpose)
        return password


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    """allauth's password change, its current password checked by ``reauthenticate``."""

    def clean_oldpassword(self) -> str:
        password = self.cleaned_data.get("oldpassword", "")
        reauthenticate(allauth_context.request, password=password, purpose="password.change")
        return password
