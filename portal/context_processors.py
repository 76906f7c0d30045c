from django.utils import timezone
from django.utils.translation import gettext as _

from portal.frame import frame_links, frame_version


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
    places = frame_links(user, person)
    return {
        "greeting": greeting(),
        "current_person": person,
        "frame_links": places,
        "frame_version": frame_version(places),
    }
