from allauth.account.auth_backends import AuthenticationBackend

from accounts.models import User


class PortalAuthenticationBackend(AuthenticationBackend):
    """allauth's email login; loads the user with person and institution in one query."""

    def get_user(self, user_id):
        try:
            user = User.objects.select_related("person__institution").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
