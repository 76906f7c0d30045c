from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe


@login_required
@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "projects/list.html", {"nav": "projects", "crumbs": [(_("Projects"), "")]}
    )
