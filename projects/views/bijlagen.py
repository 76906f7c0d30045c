"""The attachments (bijlagen) of a request: view, save as draft, make final."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal.permissions import has_permission
from portal.refusals import Refusal
from projects import services
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.forms import BijlageForm
from projects.models import Bijlage, BijlageStatus, Project
from projects.registry import bijlage_section
from projects.views.common import crumbs, get_project_for, project_url


def _get_bijlage(project: Project, kind: int) -> Bijlage:
    if kind not in BIJLAGE_DEFINITIONS:
        raise Http404
    return get_object_or_404(
        Bijlage.objects.select_related("updated_by__person"), project=project, kind=kind
    )


def _render_bijlage(request, project, bijlage, form, *, theirs=None, status=200):
    definition = BIJLAGE_DEFINITIONS[bijlage.kind]
    may_edit = (
        has_permission(request.user, "projects.edit_bijlagen", project)
        and bijlage.status != BijlageStatus.FINAL
    )
    sections = [
        {
            "section": section,
            "field": form[section.key] if form is not None else None,
            "value": bijlage.sections.get(section.key, ""),
            "theirs": theirs.sections.get(section.key, "") if theirs is not None else None,
        }
        for section in definition.sections
    ]
    return render(
        request,
        "projects/bijlage.html",
        {
            "project": project,
            "bijlage": bijlage,
            "definition": definition,
            "form": form if may_edit else None,
            "sections": sections,
            "theirs": theirs,
            "section_panels": bijlage_section.keys(),
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (str(definition.title), "")),
        },
        status=status,
    )


@login_required
@require_safe
def bijlage_detail(request: HttpRequest, number: int, kind: int) -> HttpResponse:
    project = get_project_for(request.user, number)
    bijlage = _get_bijlage(project, kind)
    form = BijlageForm(
        initial={"version": bijlage.version, **bijlage.sections},
        definition=BIJLAGE_DEFINITIONS[kind],
    )
    return _render_bijlage(request, project, bijlage, form)


def _bijlage_write(request, number: int, kind: int, write, success: str) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.edit_bijlagen")
    bijlage = _get_bijlage(project, kind)
    if bijlage.status == BijlageStatus.FINAL:
        messages.error(request, _("This attachment is final and can no longer be changed."))
        return redirect("projects:bijlage", number=project.number, kind=kind)
    form = BijlageForm(request.POST, definition=BIJLAGE_DEFINITIONS[kind])
    if not form.is_valid():
        return _render_bijlage(request, project, bijlage, form, status=400)
    try:
        write(
            bijlage=bijlage,
            by=request.user,
            sections=form.sections(),
            version=form.cleaned_data["version"],
        )
    except services.StaleBijlage as stale:
        messages.error(
            request,
            _(
                "Someone else saved this attachment while you were editing it. Your text is "
                "still in the form; their version is shown beside it. Save again to replace it."
            ),
        )
        data = request.POST.copy()
        data["version"] = stale.current.version
        form = BijlageForm(data, definition=BIJLAGE_DEFINITIONS[kind])
        form.is_valid()
        return _render_bijlage(
            request, project, stale.current, form, theirs=stale.current, status=409
        )
    except Refusal as refusal:
        refusal.add_to_form(form)
        return _render_bijlage(request, project, bijlage, form, status=400)
    messages.success(request, success)
    return redirect(project_url(project))


@login_required
@require_POST
def bijlage_save(request: HttpRequest, number: int, kind: int) -> HttpResponse:
    return _bijlage_write(
        request, number, kind, services.bijlage_save, _("The attachment has been saved as draft.")
    )


@login_required
@require_POST
def bijlage_finalize(request: HttpRequest, number: int, kind: int) -> HttpResponse:
    return _bijlage_write(
        request, number, kind, services.bijlage_finalize, _("The attachment is now final.")
    )
