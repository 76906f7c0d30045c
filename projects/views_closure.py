"""Phase 4 pages: the timeline on the project page, "Afsluiting aanvragen" (checklist first)
and "Kopiëren als nieuw project"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.permissions import has_permission, require_permission
from portal.refusals import Refusal
from projects.forms import ClosureRequestForm, ProjectCopyForm
from projects.lifecycle import MOVES
from projects.models import Project, Role, Status, TeamMember
from projects.permissions import project_role
from projects.services import may_make
from projects.services_closure import closure_checklist, closure_request
from projects.services_copy import project_copy
from projects.timeline import project_timeline


def _may_request_closure(project: Project, user) -> bool:
    move = MOVES["request_closure"]
    return project.status in move.sources and may_make(move, project=project, user=user)


def _may_copy(project: Project, user) -> bool:
    return has_permission(user, "projects.copy", project) and has_permission(
        user, "projects.create"
    )


def archived_memberships(person, today):
    """The person's memberships of closed projects in their archive period, as on the closing
    day (the same rule as ``projects.permissions``: on the team that day)."""
    return TeamMember.objects.filter(
        person=person,
        project__status=Status.CLOSED,
        project__archive_until__gte=today,
        project__archive_removed_at__isnull=True,
        start_date__lte=F("project__closed_on"),
        end_date__gte=F("project__closed_on"),
    )


def phase4_context(*, project: Project, user) -> dict:
    """What the project page shows of phase 4: the timeline, where the project was copied
    from, and the buttons to request closure and to copy."""
    copied_from = None
    if project.copied_from_id:
        copied_from = (
            Project.objects.filter(pk=project.copied_from_id).values("number", "title").first()
        )
    return {
        "timeline": project_timeline(project=project, user=user),
        "copied_from": copied_from,
        "may_request_closure": _may_request_closure(project, user),
        "may_copy": _may_copy(project, user),
    }


def _project_for(user, number: int) -> Project:
    project = get_object_or_404(
        Project.objects.select_related("institution").prefetch_related("team", "bijlagen"),
        number=number,
    )
    require_permission(user, "projects.view", project)
    return project


def _crumbs(project: Project, user, label: str):
    role = project_role(user, project)
    project_label = _("Project (%(role)s)") % {
        "role": Role(role).label if role else _("Account manager")
    }
    return [
        (_("Projects"), reverse("projects:list")),
        (project_label, reverse("projects:detail", args=[project.number])),
        (label, ""),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def project_closure_request(request: HttpRequest, number: int) -> HttpResponse:
    """The closure checklist, then the confirmation; open items need a reason."""
    project = _project_for(request.user, number)
    if not _may_request_closure(project, request.user):
        raise Http404
    open_items = closure_checklist(project)
    form = ClosureRequestForm(
        request.POST if request.method == "POST" else None, reason_required=bool(open_items)
    )
    if request.method == "POST" and form.is_valid():
        try:
            closure_request(project=project, by=request.user, reason=form.cleaned_data["reason"])
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("Closure has been requested. CBS will close the project."))
            return redirect("projects:detail", number=project.number)
    return render(
        request,
        "projects/closure_request.html",
        {
            "project": project,
            "open_items": open_items,
            "form": form,
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, _("Request closure")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_copy_view(request: HttpRequest, number: int) -> HttpResponse:
    """ "Kopiëren als nieuw project": what is copied, then the copy."""
    project = _project_for(request.user, number)
    if not _may_copy(project, request.user):
        raise Http404
    form = ProjectCopyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            copy = project_copy(project=project, by=request.user)
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(
                request,
                _("Project %(number)s has been created as a copy of project %(old)s.")
                % {"number": copy.number, "old": project.number},
            )
            return redirect("projects:detail", number=copy.number)
    return render(
        request,
        "projects/copy.html",
        {
            "project": project,
            "form": form,
            "nav": "projects",
            "crumbs": _crumbs(project, request.user, _("Copy as new project")),
        },
    )
