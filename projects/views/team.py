"""The project's team: adding, changing and removing members."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.forms import form_status, posted
from portal.refusals import Refusal
from projects import services
from projects.forms import TeamMemberAddForm, TeamMemberChangeForm
from projects.models import Project, TeamMember
from projects.views.common import crumbs, get_project_for, project_url


def _get_member(project: Project, member_id: int) -> TeamMember:
    for member in project.team.all():
        if member.pk == member_id:
            return member
    raise Http404


MEMBER_FIELDS = ("role", "start_date", "end_date", "function", "ossc_access")


def _team_form(request, project, *, form, member, write) -> HttpResponse:
    """The page of adding (``member`` None) or changing a member: a valid form goes to
    ``write`` (the service) with the member's fields; what the rules refuse stands beside its
    field."""
    if member is None:
        done, title = _("The team member has been added."), _("Create team member")
    else:
        done, title = _("The team member has been changed."), _("Change team member")
    if request.method == "POST" and form.is_valid():
        try:
            write(**{name: form.cleaned_data[name] for name in MEMBER_FIELDS})
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, done)
            return redirect(project_url(project))
    return render(
        request,
        "projects/team_form.html",
        {
            "project": project,
            "form": form,
            "member": member,
            "adding": member is None,
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (title, "")),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.manage_team")
    form = TeamMemberAddForm(**posted(request), project=project)
    return _team_form(
        request,
        project,
        form=form,
        member=None,
        write=lambda **fields: services.team_member_add(
            project=project, by=request.user, person=form.cleaned_data["person"], **fields
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_change(request: HttpRequest, number: int, member_id: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.manage_team")
    member = _get_member(project, member_id)
    return _team_form(
        request,
        project,
        form=TeamMemberChangeForm(**posted(request), instance=member),
        member=member,
        write=lambda **fields: services.team_member_change(
            member=member, by=request.user, **fields
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_remove(request: HttpRequest, number: int, member_id: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.manage_team")
    member = _get_member(project, member_id)
    if request.method == "POST":
        try:
            services.team_member_remove(member=member, by=request.user)
        except Refusal as refusal:
            for text in refusal.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The team member has been removed."))
        return redirect(project_url(project))
    return render(
        request,
        "projects/team_remove.html",
        {
            "project": project,
            "member": member,
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (_("Remove team member"), "")),
        },
    )
