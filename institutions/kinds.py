"""The change request kind "Teamlid uit dienst": a person who left their institution leaves the
team, decided by CBS like any team change (``changes.kinds``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from changes.forms import WithdrawResearcherForm
from changes.kinds import KINDS, ChangeKind, register
from projects.models import OPEN_STATUSES, TeamMember

MEMBER_LEFT = "member_left"


class MemberLeftForm(WithdrawResearcherForm):
    """A team member reported as leaving their institution; the end date is the day before."""

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, project=project, **kwargs)
        self.fields["member"].queryset = self.fields["member"].queryset.filter(
            person__left_on__isnull=False
        )

    def clean(self):
        data = super().clean()
        member = data.get("member")
        left_on = member.person.left_on if member is not None else None
        if left_on and data.get("end_date") and data["end_date"] >= left_on:
            raise forms.ValidationError(
                    {"end_date": _("The person leaves on %(date)s; end the membership before.")
                     % {"date": member.person.left_on.strftime("%d-%m-%Y")}}
                )  # fmt: skip
        return data


def data_for(member: TeamMember) -> dict:
    """The change request's data for ending this membership the day before the person left."""
    import datetime

    end = max(member.person.left_on - datetime.timedelta(days=1), member.start_date)
    return {"member": member.pk, "end_date": end.isoformat()}


register(
    ChangeKind(
        key=MEMBER_LEFT,
        label=_("Team member left the institution"),
        permission="institutions.end_leaver_membership",
        statuses=OPEN_STATUSES,
        form=MemberLeftForm,
        # The same as withdrawing a researcher: the membership ends on the day asked.
        apply=KINDS["withdraw_researcher"].apply,
    )
)
