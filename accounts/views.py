from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe


@login_required
@require_safe
def my_details(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/my_details.html",
        {"person": request.user.person, "nav": "my_details", "crumbs": [(_("My details"), "")]},
    )


@require_safe
def request_account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/request_account.html")


@login_required
@require_safe
def manage_requests(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    if person is None or not person.is_account_manager:
        raise Http404
    return render(request, "accounts/manage_requests.html")
