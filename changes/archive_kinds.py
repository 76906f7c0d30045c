"""Afsluiting's kinds of change request (``changes.kinds`` registry): on a closed project in its
archive period, the leader asks CBS for "Archieftermijn verlengen" or "Project heropenen";
CBS's approval applies them through ``projects.services_closure``."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from changes.forms import ChangeKindForm
from changes.kinds import ChangeKind, register
from projects.models import Status
from projects.services_closure import archive_extend_refusal

CLOSED = frozenset({Status.CLOSED})


class ArchiveExtendForm(ChangeKindForm):
    archive_until = forms.DateField(
        label=_("Keep the archive until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_archive_until(self):
        value = self.cleaned_data["archive_until"]
        refusal = archive_extend_refusal(self.project, value)
        if refusal is not None:
            raise forms.ValidationError(refusal.messages)
        return value

    def to_data(self) -> dict:
        return {"archive_until": self.cleaned_data["archive_until"].isoformat()}

    def summary(self) -> str:
        return str(_("Archive until %(date)s")) % {
            "date": self.cleaned_data["archive_until"].strftime("%d-%m-%Y")
        }


class ReopenForm(ChangeKindForm):
    """Only the explanation: why the project is needed again."""


def _apply_archive_extend(change_request, by) -> None:
    from projects.services_closure import archive_extend

    archive_extend(
        project=change_request.project,
        by=by,
        archive_until=datetime.date.fromisoformat(change_request.data["archive_until"]),
        reason=change_request.explanation,
    )


def _apply_reopen(change_request, by) -> None:
    from projects.services_closure import project_reopen

    project_reopen(project=change_request.project, by=by, reason=change_request.explanation)


register(
    ChangeKind(
        key="extend_archive",
        label=_("Extend archive period"),
        permission="projects.request_archive_change",
        statuses=CLOSED,
        form=ArchiveExtendForm,
        apply=_apply_archive_extend,
        help_text=_(
            "Until the end of the archive period the project's documents are kept and the team "
            "can read the project; after it they are removed."
        ),
    )
)
register(
    ChangeKind(
        key="reopen",
        label=_("Reopen project"),
        permission="projects.request_archive_change",
        statuses=CLOSED,
        form=ReopenForm,
        apply=_apply_reopen,
        help_text=_("A reopened project runs again, with its team as it was when it was closed."),
    )
)
