from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The links and files of the page frame (base.html: header, menus, footer) that take no
# arguments: the same on every page of a language, so reversed once per language instead of
# some twenty {% url %} on every page.
SITE_URLS = {
    "home": "portal:home",
    "my_details": "accounts:my_details",
    "change_password": "account_change_password",
    "mfa": "mfa_index",
    "sessions": "usersessions_list",
    "manage_requests": "accounts:manage_requests",
    "admin": "admin:index",
    "login": "account_login",
    "logout": "account_logout",
    "projects": "projects:list",
    "catalogue": "catalogue:index",
    "customer_service": "portal:customer_service",
    "about": "accounts:about",
    "cookies": "portal:cookies",
    "accessibility": "portal:accessibility",
    "cookie_notice_seen": "portal:cookie_notice_seen",
}
SITE_FILES = {
    "css": "css/portal.css",
    "favicon": "img/favicon.svg",
    "logo": "img/cbs-mark.svg",
}
_site_urls: dict[tuple, dict[str, str]] = {}


def site_urls() -> dict[str, str]:
    """SITE_URLS reversed and SITE_FILES' static URLs, for the active language and prefix."""
    key = (get_language(), get_script_prefix(), get_urlconf())
    urls = _site_urls.get(key)
    if urls is None:
        urls = {name: reverse(route) for name, route in SITE_URLS.items()}
        urls |= {name: static(path) for name, path in SITE_FILES.items()}
        _site_urls[key] = urls
    return urls


@receiver(setting_changed)
def _forget_site_urls(**kwargs):
    """URL configuration, static storage and languages can change in tests: reverse anew."""
    _site_urls.clear()


def greeting(now=None) -> str:
    """Goedemorgen, Goedemiddag or Goedenavond by the time of day in Europe/Amsterdam."""
    hour = timezone.localtime(now).hour
    if 6 <= hour < 12:
        return _("Good morning")
    if 12 <= hour < 18:
        return _("Good afternoon")
    return _("Good evening")


def portal(request):
    user = getattr(request, "user", None)
    person = user.person if user is not None and user.is_authenticated and user.person_id else None
    return {
        "greeting": greeting(),
        "site_urls": site_urls(),
        "current_person": person,
    }
