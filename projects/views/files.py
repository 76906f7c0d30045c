"""Files, services and publications of a project, and the files' documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portal.forms import form_status, posted
from portal.refusals import Refusal
from portal.uploads import document_response
from projects import services
from projects.forms import ProjectFileForm, ProjectServiceForm, PublicationForm
from projects.models import ProjectFileDocument
from projects.views.common import crumbs, get_project_for, project_url


@login_required
@require_http_methods(["GET", "POST"])
def file_add(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.add_files")
    form = ProjectFileForm(**posted(request, files=True))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_file_add(
                project=project,
                by=request.user,
                kind=data["kind"],
                data_file=data["data_file"],
                explanation=data["explanation"],
                uploads=data["documents"],
            )
        except Refusal as refusal:  # a rule, or the document storage is away
            refusal.add_to_form(form)
        else:
            messages.success(request, _("The file has been added."))
            return redirect(f"{project_url(project)}?tab=files#files")
    return render(
        request,
        "projects/form_page.html",
        {
            "project": project,
            "form": form,
            "title": _("Add file"),
            "submit": _("Create"),
            "multipart": True,
            "richtext": True,
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (_("Add file"), "")),
        },
        status=form_status(form),
    )


@login_required
@require_safe
def file_document(request: HttpRequest, number: int, document_id: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.view_documents")
    document = get_object_or_404(ProjectFileDocument, pk=document_id, project_file__project=project)
    return document_response(
        document.document, filename=document.original_name, content_type=document.content_type
    )


@login_required
@require_http_methods(["GET", "POST"])
def service_add(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.add_services")
    form = ProjectServiceForm(**posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_service_add(project=project, by=request.user, **form.cleaned_data)
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("The service has been added."))
            return redirect(f"{project_url(project)}?tab=services#files")
    return render(
        request,
        "projects/form_page.html",
        {
            "project": project,
            "form": form,
            "title": _("Add service"),
            "submit": _("Create"),
            "richtext": True,
            "catalogue_link": True,
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (_("Add service"), "")),
        },
        status=form_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def publication_add(request: HttpRequest, number: int) -> HttpResponse:
    project = get_project_for(request.user, number, "projects.add_publications")
    form = PublicationForm(**posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.publication_add(project=project, by=request.user, **form.cleaned_data)
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(request, _("The publication has been registered."))
            return redirect(f"{project_url(project)}?docs=publications#documents")
    return render(
        request,
        "projects/form_page.html",
        {
            "project": project,
            "form": form,
            "title": _("Register publication"),
            "submit": _("Create"),
            "nav": "projects",
            "crumbs": crumbs(project, request.user, (_("Register publication"), "")),
        },
        status=form_status(form),
    )
