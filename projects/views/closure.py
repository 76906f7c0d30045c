"""Afsluiting pages: the timeline on the project page, "Afsluiting aanvragen" (checklist first)
and "Kopiëren als nieuw project"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.forms import form_status, posted
from portal.permissions import has_permission
from portal.refusals import Refusal
from projects.forms import ClosureRequestForm, ProjectCopyForm
from projects.lifecycle import MOVES
from projects.models import Project
from projects.services import may_make
from projects.services_closure import closure_checklist, closure_request
from projects.services_copy import project_copy
from projects.timeline import project_timeline
from projects.views.common import crumbs, get_project_for


def _may_request_closure(project: Project, user) -> bool:
    move = MOVES["request_closure"]
    return project.status in move.sources and may_make(move, project=project, user=user)


def _may_copy(project: Project, user) -> bool:
    return has_permission(user, "projects.copy", project) and has_permission(
        user, "projects.create"
    )


def phase4_context(*, project: Project, user) -> dict:
    """What the project page shows of Afsluiting: the timeline, where the project was copied
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


@login_required
@require_http_methods(["GET", "POST"])
def project_closure_request(request: HttpRequest, number: int) -> HttpResponse:
    """The closure checklist, then the confirmation; open items need a reason."""
    project = get_project_for(request.user, number)
    if not _may_request_closure(project, request.user):
        raise Http404
    open_items = closure_checklist(project)
    form = ClosureRequestForm(**posted(request), reason_required=bool(open_items))
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
            "crumbs": crumbs(project, request.user, (_("Request closure"), "")),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_copy_view(request: HttpRequest, number: int) -> HttpResponse:
    """ "Kopiëren als nieuw project": what is copied, then the copy."""
    project = get_project_for(request.user, number)
    if not _may_copy(project, request.user):
        raise Http404
    form = ProjectCopyForm(**posted(request))
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
            "crumbs": crumbs(project, request.user, (_("Copy as new project"), "")),
        },
        status=form_status(form),
    )
