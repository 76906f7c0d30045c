"""Mijn instelling: the account manager's view of their own institution.

Every page is for the account manager of the institution only (``accounts.manage_institution``,
404 for anybody else); a person or token of another institution answers 404.
"""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.forms import LeaveForm
from accounts.models import Person
from accounts.services import person_leave, person_leave_undo
from institutions import standing
from institutions.api_docs import api_description
from institutions.forms import ApiTokenForm
from institutions.keep import kept_institution_projects, kept_people_standing
from institutions.models import ApiToken
from institutions.services import api_token_create, api_token_revoke
from portal.forms import form_status, posted
from portal.permissions import require_permission
from portal.refusals import Refusal
from portal.reminders import reminder_kinds

MY_INSTITUTION = gettext_lazy("My institution")
PEOPLE = gettext_lazy("People")
PROJECTS = gettext_lazy("Projects")
API_TOKENS = gettext_lazy("API tokens")
PEOPLE_PAGE_SIZE = 25
PROJECTS_PAGE_SIZE = 50

FILTER_LABELS = {
    "all": gettext_lazy("Everybody"),
    "lapsing": gettext_lazy("Lapses in the next 90 days"),
    "not_ready": gettext_lazy("Not ready for Remote Access"),
    "left": gettext_lazy("Reported as leaving"),
}
SORT_LABELS = {
    "name": gettext_lazy("Name"),
    "lapse": gettext_lazy("First to lapse"),
    "ready": gettext_lazy("Not ready first"),
}


def _institution(request: HttpRequest):
    require_permission(request.user, "accounts.manage_institution")
    return request.user.person.institution


def _crumbs(*extra):
    return [(MY_INSTITUTION, reverse("institutions:overview")), *extra]


def _person_for(request: HttpRequest, pk: int) -> Person:
    """A person of the manager's own institution; 404 for anyone else's."""
    institution = _institution(request)
    person = (
        Person.objects.select_related("institution", "user")
        .filter(pk=pk, institution=institution)
        .first()
    )
    if person is None:
        raise Http404
    return person


@login_required
@require_safe
def overview(request: HttpRequest) -> HttpResponse:
    """The authorization (and when CBS reminds before it ends), the account managers and the
    Tekenbevoegden, and what is on the other pages."""
    institution = _institution(request)
    managers, signatories = standing.managers_and_signatories(institution)
    reminder = next((kind for kind in reminder_kinds() if kind.key == "authorization"), None)
    reminder_days = sorted(reminder.days_before, reverse=True) if reminder else []
    end = institution.authorization_end
    return render(
        request,
        "institutions/overview.html",
        {
            "institution": institution,
            "managers": managers,
            "signatories": signatories,
            "reminder_days": reminder_days,
            "reminder_dates": [end - datetime.timedelta(days=d) for d in reminder_days]
            if end
            else [],
            "nav": "institution",
            "crumbs": [(MY_INSTITUTION, "")],
        },
    )


def _choice(request: HttpRequest, name: str, choices) -> str:
    value = request.GET.get(name, "")
    return value if value in choices else choices[0]


def _people_rows(request: HttpRequest, institution):
    shown = _choice(request, "filter", standing.FILTERS)
    order = _choice(request, "sort", standing.SORTS)
    rows = standing.sort_people(
        standing.filter_people(kept_people_standing(institution), shown), order
    )
    return rows, shown, order


def _person_row_key(row: standing.PersonStanding) -> tuple:
    """Everything a row of the people list shows but its action: the row is kept by it
    ({% cache %}), so what changes is shown on the next page."""
    person = row.person
    readiness = row.readiness
    return (
        person.pk,
        person.short_name,
        row.next_lapse,
        row.portal_access,
        person.left_on,
        row.signature_outdated,
        row.signed_version,
        row.confidentiality_expired,
        row.confidentiality_status,
        row.confidentiality_valid_until,
        row.awareness_valid_until,
        None if readiness is None else [(step.key, step.done) for step in readiness.steps],
        row.rsa_token_expires,
        row.memberships,
    )


@login_required
@require_safe
def people(request: HttpRequest) -> HttpResponse:
    institution = _institution(request)
    rows, shown, order = _people_rows(request, institution)
    page = Paginator(rows, PEOPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"filter": shown, "sort": order})
    return render(
        request,
        "institutions/people.html",
        {
            "institution": institution,
            "page": page,
            "rows": [(row, _person_row_key(row)) for row in page],
            "filter": shown,
            "sort": order,
            "filters": list(FILTER_LABELS.items()),
            "sorts": list(SORT_LABELS.items()),
            "keep": "&" + query,
            "csv_url": reverse("institutions:people_csv") + "?" + query,
            "today": timezone.localdate(),
            "nav": "institution",
            "crumbs": _crumbs((PEOPLE, "")),
        },
    )


def _yes_no(value) -> str:
    return _("Yes") if value else _("No")


def _date(value) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


PORTAL_ACCESS = {
    "yes": gettext_lazy("Yes"),
    "invited": gettext_lazy("Invited"),
    "no": gettext_lazy("No"),
    "left": gettext_lazy("Left"),
}


@login_required
@require_safe
def people_csv(request: HttpRequest) -> HttpResponse:
    """The people list as shown (the same filter and order, every page), as CSV."""
    institution = _institution(request)
    rows, shown, _order = _people_rows(request, institution)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mijn-instelling-{shown}.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Name"),
            _("Email"),
            _("Portal access"),
            _("Left on"),
            _("User declaration signed"),
            _("Confidentiality declaration"),
            _("Confidentiality declaration end date"),
            _("Awareness test valid until"),
            _("Ready for Remote Access"),
            _("Still to do"),
            _("RSA token expires"),
            _("Projects"),
        ]
    )
    for row in rows:
        person = row.person
        writer.writerow(
            [
                _csv_safe(person.full_name),
                _csv_safe(person.email),
                str(PORTAL_ACCESS[row.portal_access]),
                _date(person.left_on),
                _yes_no(row.signed_version and not row.signature_outdated),
                _confidentiality_label(row),
                _date(row.confidentiality_valid_until),
                _date(row.awareness_valid_until),
                "" if row.ready is None else _yes_no(row.ready),
                ", ".join(step.label for step in row.readiness.missing) if row.readiness else "",
                _date(row.rsa_token_expires),
                ", ".join(f"{place.number} ({place.role_label})" for place in row.memberships),
            ]
        )
    return response


def _csv_safe(text: str) -> str:
    """A cell a spreadsheet does not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _confidentiality_label(row) -> str:
    from accounts.models import ConfidentialityStatus

    if row.confidentiality_status is None:
        return _("None")
    if row.confidentiality_expired:
        return _("Expired")
    return str(ConfidentialityStatus(row.confidentiality_status).label)


@login_required
@require_safe
def projects(request: HttpRequest) -> HttpResponse:
    institution = _institution(request)
    rows = kept_institution_projects(institution)
    page = Paginator(rows, PROJECTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "institutions/projects.html",
        {
            "institution": institution,
            "page": page,
            # The rows are kept ({% cache %}) by everything they show.
            "rows_key": [
                (
                    row.phase,
                    row.number,
                    row.title,
                    row.status,
                    row.leaders,
                    row.end_date,
                    row.turn_label,
                )
                for row in page
            ],
            "nav": "institution",
            "crumbs": _crumbs((PROJECTS, "")),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Uit dienst melden": the day the person leaves, and what follows from it."""
    person = _person_for(request, pk)
    form = LeaveForm(**posted(request), initial={"on": timezone.localdate()})
    if person.left_on is not None:
        form = None
    elif request.method == "POST" and form.is_valid():
        try:
            person_leave(person=person, on=form.cleaned_data["on"], by=request.user)
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            messages.success(
                request,
                _("%(name)s leaves on %(date)s. CBS has been told and will end the team places.")
                % {"name": person.full_name, "date": _date(person.left_on)},
            )
            return redirect("institutions:people")
    title = _("Report leaving")
    return render(
        request,
        "institutions/leave.html",
        {
            "person": person,
            "form": form,
            "today": timezone.localdate(),
            "title": title,
            "nav": "institution",
            "crumbs": _crumbs((PEOPLE, reverse("institutions:people")), (title, "")),
        },
        status=form_status(form) if form is not None else 200,
    )


@login_required
@require_POST
def leave_undo(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_for(request, pk)
    try:
        person_leave_undo(person=person, by=request.user)
    except Refusal as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(name)s no longer leaves; nothing was ended.") % {"name": person.full_name}
        )
    return redirect("institutions:people")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The institution's API tokens; a new one is shown once, in the answer to its form."""
    institution = _institution(request)
    form = ApiTokenForm(**posted(request))
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = api_token_create(
                institution=institution,
                by=request.user,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except Refusal as refusal:
            refusal.add_to_form(form)
        else:
            form = ApiTokenForm()
    tokens = ApiToken.objects.filter(institution=institution).select_related(
        "created_by__person__institution"
    )
    page = Paginator(tokens, 25).get_page(request.GET.get("page"))
    response = render(
        request,
        "institutions/api_tokens.html",
        {
            "institution": institution,
            "form": form,
            "secret": secret,
            "page": page,
            "now": timezone.now(),
            "nav": "institution",
            "crumbs": _crumbs((API_TOKENS, "")),
        },
        status=form_status(form),
    )
    return response


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    institution = _institution(request)
    token = ApiToken.objects.filter(pk=pk, institution=institution).first()
    if token is None:
        raise Http404
    try:
        api_token_revoke(token=token, by=request.user)
    except Refusal as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The token “%(name)s” has been revoked.") % {"name": token.name}
        )
    return redirect("institutions:api_tokens")


@login_required
@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's OpenAPI description, rendered here as a page (nothing loaded from elsewhere)."""
    _institution(request)
    title = _("API description")
    return render(
        request,
        "institutions/api_docs.html",
        {
            "api": api_description(),
            "schema_url": reverse("api-v1:openapi-json"),
            "nav": "institution",
            "title": title,
            "crumbs": _crumbs((API_TOKENS, reverse("institutions:api_tokens")), (title, "")),
        },
    )
