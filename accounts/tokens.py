"""Invitation links: single use and expiring, like Django's password reset links.

The token hashes the user's password hash, last login and email: it stops working as soon as
the password is set (or the user logs in), and after ``PASSWORD_RESET_TIMEOUT`` seconds.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import User


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.InvitationTokenGenerator"


invitation_tokens = InvitationTokenGenerator()


def invitation_path(user: User) -> str:
    return reverse(
        "accounts:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )


def user_for_invitation(uidb64: str, token: str) -> User | None:
    """The invited user if the link is valid, unused and not expired; else None."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = User.objects.select_related("person").filter(pk=pk, is_active=True).first()
    if user is None or not invitation_tokens.check_token(user, token):
        return None
    return user
