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

    def user_can_authenticate(self, user) -> bool:
        """Active, and not a person who has left the institution: from the day they leave they
        cannot sign in, and a session they still hold ends with their next request (the daily
        run also ends it; this holds when it has not run yet)."""
        if not super().user_can_authenticate(user):
            return False
        person = user.person if user.person_id else None
        return person is None or not person.has_left()
