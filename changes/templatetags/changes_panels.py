"""The project page's panels of Uitvoering, each with its own constant number of queries."""

from django import template
from django.urls import reverse

from accounts.models import Person, User
from changes.models import ChangeRequest, OutputCheck, OutputStatus
from portal.permissions import has_permission
from projects.models import Status

register = template.Library()

# Only the columns the panels show, of the row and of who asked (a user and a person have
# dozens): the project page's two queries of Uitvoering, read on every visit.
SHOWN = ("project_id", "asked_at", "decided_at", "status", "asked_by_id")
ASKED_BY = ("asked_by__email", "asked_by__person_id", "asked_by__person__first_name",
            "asked_by__person__prefix", "asked_by__person__last_name")  # fmt: skip
SHOWN_CHANGE = (*SHOWN, "kind", "summary", "explanation", "reason")
SHOWN_CHECK = (*SHOWN, "package_name", "light", "form_name", "description", "comments",
               "expected_answer_date")  # fmt: skip


def _of_its_project(row) -> list[int]:
    return [row.project_id]


def _asked_by_login(user) -> list[int]:
    return [
        *ChangeRequest.objects.filter(asked_by=user).values_list("project_id", flat=True),
        *OutputCheck.objects.filter(asked_by=user).values_list("project_id", flat=True),
    ]


def _asked_by_person(person) -> list[int]:
    return [
        *ChangeRequest.objects.filter(asked_by__person=person).values_list("project_id", flat=True),
        *OutputCheck.objects.filter(asked_by__person=person).values_list("project_id", flat=True),
    ]


# What the panels read (projects.page keeps the project page's panels until a write changes it):
# {model: function(row) -> the ids of the projects whose page shows the row}.
PANELS_READ = {
    ChangeRequest: _of_its_project,
    OutputCheck: _of_its_project,
    User: _asked_by_login,  # who asked: their login's email, or their person's name
    Person: _asked_by_person,
}


@register.inclusion_tag("changes/_change_requests.html", takes_context=True)
def change_requests_panel(context):
    project, user = context["project"], context["request"].user
    rows = list(
        ChangeRequest.objects.filter(project=project)
        .select_related("asked_by__person")
        .only(*SHOWN_CHANGE, *ASKED_BY)
        .order_by("-asked_at", "-id")
    )
    return {
        "project": project,
        "change_requests": rows,
        "shown": bool(rows) or project.status != Status.ORIENTATION,
        "may_ask": has_permission(user, "changes.ask_change", project),
    }


@register.inclusion_tag("changes/_output_checks.html", takes_context=True)
def output_checks_panel(context):
    project, user = context["project"], context["request"].user
    rows = list(
        OutputCheck.objects.filter(project=project)
        .select_related("asked_by__person")
        .only(*SHOWN_CHECK, *ASKED_BY)
        .order_by("-asked_at", "-id")
    )
    may_download = has_permission(user, "projects.view_documents", project)
    for row in rows:
        row.document_url = (
            reverse("changes:output_document", args=[project.number, row.pk])
            if may_download
            else ""
        )
    return {
        "project": project,
        "output_checks": rows,
        "released": [row for row in rows if row.status == OutputStatus.RELEASED],
        "shown": bool(rows) or project.status in {Status.RUNNING, Status.FROZEN},
        "may_ask": has_permission(user, "changes.ask_output_check", project),
    }
