"""allauth's usersessions, with a sign-in whose cost does not grow with the sessions an account had.

On every sign-in allauth's receiver (``allauth.usersessions.signals.on_user_logged_in``) walks all
stored sessions of the account one by one, two or three queries each, to drop those that ended:
with a few hundred sessions a sign-in cost seconds. INSTALLED_APPS names ``UserSessionsConfig``
instead of ``allauth.usersessions`` (Django's way to configure an installed app); its ``ready()``
connects :func:`record_session_on_login` in place of allauth's receiver. It drops, in one query,
the account's sessions that no longer exist in the session store or have expired, and records the
new one as allauth does, in one INSERT. The sessions list (allauth's page) still checks every
listed session in full, including one whose password hash went stale.
"""

from importlib import import_module

from allauth.usersessions.apps import UserSessionsConfig as AllauthUserSessionsConfig
from django.conf import settings
from django.db import transaction
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
    """allauth's ``user_logged_in``: drop the account's ended sessions, record the new one.

    One transaction, and the new session's row inserted as is: Django's ``login()`` has just given
    the session a new key, so there is no row of it to update. (allauth's ``create_from_request``,
    which the middleware's "last seen" uses, first looks for one, in a transaction and a savepoint
    of its own: with the purge's own transaction nine queries, now four.) The row holds what
    allauth records: the client's address as allauth determines it and the user agent, cut to the
    field's length."""
    from allauth.account.adapter import get_adapter
    from allauth.usersessions.models import UserSession

    if not request.session.session_key:  # a store that gives the key on saving only
        request.session.save()
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    with transaction.atomic():
        purge_ended_sessions(request.user)
        UserSession.objects.create(
            user=request.user,
            session_key=request.session.session_key,
            ip=get_adapter().get_client_ip(request),
            user_agent=user_agent[: UserSession._meta.get_field("user_agent").max_length],
        )


class UserSessionsConfig(AllauthUserSessionsConfig):
    def ready(self) -> None:
        from allauth.account.signals import user_logged_in
        from allauth.usersessions import signals

        super().ready()
        user_logged_in.disconnect(receiver=signals.on_user_logged_in)
        user_logged_in.connect(record_session_on_login, dispatch_uid="portal_usersessions_login")
