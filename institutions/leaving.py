"""What a leave ends beyond accounts (``accounts.registry.leaving``): open actions, and each team
membership through a change request CBS decides (shown in CBS's work queue)."""

from django.utils import translation
from django.utils.translation import gettext as _

from accounts.registry import leaving
from changes.models import ChangeRequest
from changes.services import change_request_ask
from institutions.kinds import MEMBER_LEFT, data_for
from projects.models import OPEN_STATUSES, TeamMember
from requests_inbox.models import Action
from requests_inbox.services import actions_withdraw


@leaving.register("institutions.withdraw_open_actions", order=10)
def withdraw_open_actions(*, person, on, by) -> None:
    actions_withdraw(ids=Action.objects.open().filter(person=person).values_list("pk", flat=True))


@leaving.register("institutions.ask_cbs_to_end_memberships", order=20)
def ask_cbs_to_end_memberships(*, person, on, by) -> None:
    """One change request per project the person is (or will be) on after leaving; none twice."""
    members = (
        TeamMember.objects.filter(person=person, project__status__in=list(OPEN_STATUSES))
        .exclude(end_date__lt=on)
        .select_related("project", "person")
        .order_by("project__number")
    )
    asked = {
        change.data.get("member")
        for change in ChangeRequest.objects.open().filter(
            kind=MEMBER_LEFT, project__in=[member.project_id for member in members]
        )
    }
    with translation.override("nl"):  # CBS reads the explanation; its back office is Dutch
        explanation = _("%(name)s leaves %(institution)s on %(date)s (reported by %(by)s).") % {
            "name": person.full_name,
            "institution": person.institution.name,
            "date": on.strftime("%d-%m-%Y"),
            "by": by.display_name if by is not None else "CBS",
        }
    for member in members:
        if member.pk in asked:
            continue
        change_request_ask(
            project=member.project,
            by=by,
            kind=MEMBER_LEFT,
            data=data_for(member),
            summary=person.full_name,
            explanation=explanation,
        )
