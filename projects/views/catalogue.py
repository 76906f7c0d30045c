"""De Dienstencatalogus: the standard data files and services a project can add (public)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from projects.models import DataFile, Service


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "projects/catalogue.html",
        {
            "data_files": DataFile.objects.filter(is_active=True),
            "services": Service.objects.filter(is_active=True),
            "nav": "catalogue",
            "crumbs": [(_("Service catalogue"), "")],
        },
    )
