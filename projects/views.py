from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from portal.permissions import require_permission
from projects.models import Project


@login_required
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "projects/list.html", {"nav": "projects", "crumbs": [(_("Projects"), "")]}
    )


@login_required
@require_safe
def project_detail(request: HttpRequest, number: int) -> HttpResponse:
    project = get_object_or_404(Project, number=number)
    require_permission(request.user, "projects.view", project)
    return render(request, "projects/detail.html", {"project": project, "nav": "projects"})
