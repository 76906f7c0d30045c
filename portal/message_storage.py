"""Django's message storage (a cookie, the session when it is too big) under our cookie name.

Django's cookie storage already sets the cookie with the session cookie's Secure, HttpOnly and
SameSite; only its name is fixed ("messages"). In production it is ``__Host-messages``, like
``__Host-sessionid``: the browser then accepts it only over HTTPS, for this host, on path /.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage


class HostCookieStorage(CookieStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cookie_name = settings.MESSAGE_COOKIE_NAME


class MessageStorage(FallbackStorage):
    storage_classes = (HostCookieStorage, SessionStorage)
