"""The actions' part of closing a project (projects.registry): their item of the closure
checklist ("Afsluiting aanvragen"); what goes when the archive period ends is in its
privacy module (the register of personal data, ``portal.privacy``)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from projects.services_closure import OpenItem, closure_check
from requests_inbox.models import Action


@closure_check(order=20)
def open_team_actions(project) -> list[OpenItem]:
    """Actions of the project still waiting on a team member."""
    return [
        OpenItem(
            _("Open action “%(action)s” for %(person)s (sent %(date)s).")
            % {
                "action": action.title,
                "person": action.person.full_name,
                "date": timezone.localtime(action.created_at).strftime("%d-%m-%Y"),
            }
        )
        for action in Action.objects.open()
        .filter(project=project)
        .select_related("person")
        .order_by("created_at", "pk")
    ]
