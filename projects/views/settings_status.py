"""The project's settings (title and dates) and its status changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.forms import form_status, posted
from portal.refusals import Refusal
from projects import services
from projects.forms import ProjectSettingsForm, StatusChangeForm
from projects.views.common import crumbs, get_project_for, project_url


@login_required
@require_http_methods(["GET", "POST"])
def project_settings(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.change_settings")
    form = ProjectSettingsForm(**posted(request), instance=project)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_update_settings(
                project=project,
                by=request.user,
                title=data["title"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect(project_url(project))
    return render(
        request,
        "projects/form_page.html",
        {
            "project": project,
            "form": form,
            "title": _("Change settings"),
            "submit": _("Save"),
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (_("Change settings"), "")),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def project_change_status(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number)
    moves = services.available_moves(project=project, user=request.user)
    form = StatusChangeForm(request.POST, moves=moves)
    if not form.is_valid():
        messages.error(request, _("Choose a status change."))
        return redirect(project_url(project))
    try:
        services.project_transition(
            project=project,
            move=form.cleaned_data["move"],
            by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except Refusal as refusal:
        for text in refusal.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("The project status is now “%(status)s”.") % {"status": project.get_status_display()},
        )
    return redirect(project_url(project))
