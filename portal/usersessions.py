"""allauth's usersessions, with a sign-in whose cost does not grow with the sessions an account had.

On every sign-in allauth's receiver (``allauth.usersessions.signals.on_user_logged_in``) walks all
stored sessions of the account one by one, two or three queries each, to drop those that ended:
with a few hundred sessions a sign-in cost seconds. INSTALLED_APPS names ``UserSessionsConfig``
instead of ``allauth.usersessions`` (Django's way to configure an installed app); its ``ready()``
connects :func:`record_session_on_login` in place of allauth's receiver. It drops, in one query,
the account's sessions that no longer exist in the session store or have expired, and records the
new one as allauth does. The sessions list (allauth's page) still checks every listed session in
full, including one whose password hash went stale.
"""

from importlib import import_module

from allauth.usersessions.apps import UserSessionsConfig as AllauthUserSessionsConfig
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone


def purge_ended_sessions(user) -> None:
    """Delete ``user``'s recorded sessions that ended (gone from the store or expired).

    One DELETE for database-backed session engines (``db``, ``cached_db``), whatever the number of
    sessions; other engines cannot be asked in one query and get allauth's check per session."""
    from allauth.usersessions.models import UserSession

    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        UserSession.objects.purge_and_list(user)
        return
    live = store.get_model_class().objects.filter(
        session_key=OuterRef("session_key"), expire_date__gt=timezone.now()
    )
    UserSession.objects.filter(user_id=user.pk).exclude(Exists(live)).delete()


def record_session_on_login(sender, request, **kwargs) -> None:
    """allauth's ``user_logged_in``: drop the account's ended sessions, record the new one."""
    from allauth.usersessions.models import UserSession

    purge_ended_sessions(request.user)
    UserSession.objects.create_from_request(request)


class UserSessionsConfig(AllauthUserSessionsConfig):
    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from allauth.usersessions import signals

        super().ready()
        user_logged_in.disconnect(receiver=signals.on_user_logged_in)
        user_logged_in.connect(record_session_on_login, dispatch_uid="portal_usersessions_login")
