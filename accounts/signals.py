"""Keep allauth's email records in step with our users."""

from allauth.account.models import EmailAddress
from allauth.mfa.signals import authenticator_removed
from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import User
from portal.middleware import MFA_OK_KEY


@receiver(post_save, sender=User, dispatch_uid="accounts_user_email_address")
def create_email_address(sender, instance: User, created: bool, raw: bool = False, **kwargs):
    """A new user's login email is their verified primary address.

    Users are only created through trusted paths (an approved account request or invitation, the
    back office, createsuperuser); an invitee can only sign in after setting a password through the
    link mailed to that address, which proves it. allauth requires a verified address to log in.
    """
    if created and not raw and instance.email:
        EmailAddress.objects.get_or_create(
            user=instance,
            email=instance.email,
            defaults={"verified": True, "primary": True},
        )


@receiver(authenticator_removed, dispatch_uid="accounts_mfa_removed")
def forget_mfa_check(sender, request=None, **kwargs):
    """With MFA_REQUIRED, removing the last authenticator means setting one up again."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(MFA_OK_KEY, None)
