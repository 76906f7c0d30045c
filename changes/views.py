"""Pages of a running project: ask a change request, ask an output check, complete a
publication, and the output control form as a private download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from changes import services
from changes.forms import OutputCheckForm, PublicationCompleteForm
from changes.kinds import KINDS
from changes.models import OutputCheck
from changes.permissions import may_ask_kind
from portal.forms import form_status, posted
from portal.permissions import has_permission
from portal.refusals import Refusal
from portal.uploads import document_response
from projects.models import Project, Publication
from projects.services import publication_complete
from projects.views.common import crumbs, get_project_for, project_url


def _project_url(project: Project, anchor: str = "") -> str:
    url = project_url(project)
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_safe
def change_request_new(request: HttpRequest, number: int) -> HttpResponse:
    """Wijzigingsverzoek indienen: the kinds this person may ask now, each a link to its form."""
    project = get_project_for(request.user, number, "changes.ask_change")
    kinds = [
        (kind, reverse("changes:change_ask", args=[project.number, kind.key]))
        for kind in KINDS.values()
        if may_ask_kind(request.user, project, kind)
    ]
    title = _("Submit a change request")
    return render(
        request,
        "changes/change_new.html",
        {
            "project": project,
            "kinds": kinds,
            "title": title,
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (title, "")),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_request_ask(request: HttpRequest, number: int, change_kind: str) -> HttpResponse:
    project = get_project_for(request.user, number)
    kind = KINDS.get(change_kind)
    if kind is None or not may_ask_kind(request.user, project, kind):
        raise Http404
    form = kind.form(**posted(request), project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_request_ask(
                project=project,
                by=request.user,
                kind=kind.key,
                data=form.to_data(),
                summary=form.summary(),
                explanation=form.cleaned_data["explanation"],
            )
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("Your change request has been sent to CBS."))
            return redirect(_project_url(project, "change-requests"))
    return render(
        request,
        "changes/change_form.html",
        {
            "project": project,
            "kind": kind,
            "form": form,
            "title": kind.label,
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (str(kind.label), "")),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def output_check_new(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "changes.ask_output_check")
    form = OutputCheckForm(**posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.output_check_ask(
                project=project,
                by=request.user,
                description=data["description"],
                package_name=data["package_name"],
                light=data["light"],
                upload=data["form_document"],
            )
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("Your output check has been sent to CBS."))
            return redirect(_project_url(project, "output-checks"))
    title = _("Request output check")
    return render(
        request,
        "changes/form_page.html",
        {
            "project": project,
            "form": form,
            "title": title,
            "intro": _(
                "Ask CBS to check output you want to export from the Remote Access environment: "
                "one request per export package. CBS answers within three working days."
            ),
            "submit": _("Send"),
            "multipart": True,
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (title, "")),
        },
        status=form_status(form),
    )


@login_required
@require_safe
def output_check_document(request: HttpRequest, number: int, check_id: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.view_documents")
    check = get_object_or_404(OutputCheck, pk=check_id, project=project)
    return document_response(
        check.form_document, filename=check.form_name, content_type=check.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def publication_complete_view(request: HttpRequest, number: int, publication_id: int):
    project = get_project_for(request.user, number)
    publication = get_object_or_404(Publication, pk=publication_id, project=project)
    publication.project = project
    if not has_permission(request.user, "changes.complete_publication", publication):
        raise Http404
    form = PublicationCompleteForm(**posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            publication_complete(publication=publication, by=request.user, **form.cleaned_data)
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("The publication has been completed."))
            return redirect(f"{_project_url(project)}?docs=publications#documents")
    title = _("Complete publication")
    return render(
        request,
        "changes/form_page.html",
        {
            "project": project,
            "form": form,
            "title": title,
            "intro": publication.title,
            "submit": _("Save"),
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (title, "")),
        },
        status=form_status(form),
    )
