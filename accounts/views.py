from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.declarations import (
    confidentiality_expired,
    latest_declaration_version,
    signature_outdated,
)
from accounts.forms import (
    AccountRequestForm,
    ContactPersonForm,
    DownloadMyDataForm,
    MyDetailsForm,
    RejectForm,
)
from accounts.models import (
    AccountRequestStatus,
    Institution,
    Person,
)
from accounts.permissions import get_account_request_for, get_contact_person_for
from accounts.personal_data import zip_stream
from accounts.registry import my_details as my_details_panels
from accounts.services import (
    account_request_approve,
    account_request_create,
    account_request_reject,
    contact_person_create,
    invitation_accept,
    person_details_update,
    person_invite,
    person_was_invited,
)
from accounts.services_privacy import personal_download_record
from accounts.throttle import account_request_wait_minutes, personal_download_wait_minutes
from accounts.tokens import user_for_invitation
from portal.forms import form_status, posted
from portal.permissions import require_permission
from portal.refusals import Refusal
from portal.reminders import expiring_for
from portal.uploads import JPEG, document_response

ABOUT = gettext_lazy("About Microdata Services")
REQUEST_ACCOUNT = gettext_lazy("Request an account")
ACCOUNT_REQUESTS = gettext_lazy("Account requests")
CONTACT_PERSONS = gettext_lazy("Contact persons")
MY_DETAILS = gettext_lazy("My details")


def _about_crumbs(*extra):
    return [(ABOUT, reverse("accounts:about")), *extra]


INSTITUTIONS_PAGE_SIZE = 50


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    """Over Microdata Services, with the institutions authorized today, a page at a time.

    A public page never renders an unbounded list: at a thousand institutions the whole table
    cost more than the rest of the page together.
    """
    institutions = Institution.objects.currently_authorized().only(
        "name", "authorization_start", "authorization_end"
    )
    page = Paginator(institutions, INSTITUTIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/about.html", {"page": page, "crumbs": [(ABOUT, "")]})


# Account request (visitor) ------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def request_account(request: HttpRequest) -> HttpResponse:
    form = AccountRequestForm(**posted(request), initial={"language": get_language()})
    throttled = False
    if request.method == "POST":
        wait = account_request_wait_minutes(request, request.POST.get("email", ""))
        if wait is not None:
            form.is_valid()  # show field errors too; everything typed stays in the form
            form.add_error(
                None,
                _(
                    "You have sent too many requests. Try again in %(minutes)s minutes; "
                    "what you typed is kept below."
                )
                % {"minutes": wait},
            )
            throttled = True
        elif form.is_valid():
            if form.is_robot:
                return redirect("accounts:request_account_done")
            data = {
                k: v for k, v in form.cleaned_data.items() if k not in ("institution", "website")
            }
            try:
                account_request_create(institution=form.cleaned_data["institution"], **data)
            except Refusal as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("accounts:request_account_done")
    return render(
        request,
        "accounts/request_account.html",
        {"form": form, "crumbs": _about_crumbs((REQUEST_ACCOUNT, ""))},
        status=429 if throttled else form_status(form),
    )


@require_safe
def request_account_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/request_account_done.html",
        {"crumbs": _about_crumbs((REQUEST_ACCOUNT, ""))},
    )


# Account manager -----------------------------------------------------------------------------


def _manager_institution(request: HttpRequest):
    require_permission(request.user, "accounts.manage_institution")
    return request.user.person.institution


@login_required
@require_safe
def manage_requests(request: HttpRequest) -> HttpResponse:
    institution = _manager_institution(request)
    open_requests = institution.account_requests.filter(status=AccountRequestStatus.OPEN).order_by(
        "created_at"
    )
    page = Paginator(open_requests, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/manage_requests.html",
        {
            "institution": institution,
            "page": page,
            "crumbs": [(ACCOUNT_REQUESTS, "")],
        },
    )


@login_required
@require_POST
def approve_request(request: HttpRequest, pk: int) -> HttpResponse:
    account_request = get_account_request_for(request.user, pk)
    try:
        account_request_approve(request=account_request, by=request.user)
    except Refusal as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "The request of %(name)s has been approved; "
                "an invitation to set a password was sent to %(email)s."
            )
            % {"name": account_request.full_name, "email": account_request.email},
        )
    return redirect("accounts:manage_requests")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reject_request(request: HttpRequest, pk: int) -> HttpResponse:
    account_request = get_account_request_for(request.user, pk)
    if account_request.status != AccountRequestStatus.OPEN:
        messages.error(request, _("This account request has already been decided on."))
        return redirect("accounts:manage_requests")
    form = RejectForm(**posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            account_request_reject(
                request=account_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except Refusal as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The request of %(name)s has been rejected; the applicant was informed by email.")
                % {"name": account_request.full_name},
            )
        return redirect("accounts:manage_requests")
    return render(
        request,
        "accounts/reject_request.html",
        {
            "account_request": account_request,
            "form": form,
            "crumbs": [
                (ACCOUNT_REQUESTS, reverse("accounts:manage_requests")),
                (_("Reject"), ""),
            ],
        },
        status=form_status(form),
    )


@login_required
@require_safe
def contact_persons(request: HttpRequest) -> HttpResponse:
    institution = _manager_institution(request)
    persons = (
        Person.objects.filter(institution=institution)
        .select_related("user")
        .annotate(was_invited=person_was_invited())
    )
    page = Paginator(persons, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/contact_persons.html",
        {
            "institution": institution,
            "page": page,
            "crumbs": [
                (ACCOUNT_REQUESTS, reverse("accounts:manage_requests")),
                (CONTACT_PERSONS, ""),
            ],
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_person_create_view(request: HttpRequest) -> HttpResponse:
    institution = _manager_institution(request)
    form = ContactPersonForm(**posted(request), institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            person = contact_person_create(
                institution=institution, by=request.user, **form.cleaned_data
            )
        except Refusal as error:
            error.add_to_form(form)
        else:
            messages.success(
                request, _("Contact person %(name)s has been created.") % {"name": person.full_name}
            )
            return redirect("accounts:contact_persons")
    return render(
        request,
        "accounts/contact_person_form.html",
        {
            "form": form,
            "institution": institution,
            "crumbs": [
                (ACCOUNT_REQUESTS, reverse("accounts:manage_requests")),
                (CONTACT_PERSONS, reverse("accounts:contact_persons")),
                (_("Create contact person"), ""),
            ],
        },
        status=form_status(form),
    )


@login_required
@require_POST
def contact_person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_contact_person_for(request.user, pk)
    try:
        email = person_invite(person=person, by=request.user)
    except Refusal as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s has been invited to the portal at %(email)s.")
            % {"name": person.full_name, "email": email},
        )
    return redirect("accounts:contact_persons")


# Invitation: set a password ------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = user_for_invitation(uidb64, token)
    if user is None:
        return render(
            request,
            "accounts/invitation_invalid.html",
            {"crumbs": [(_("Set your password"), "")]},
            status=404,
        )
    form = SetPasswordForm(user, **posted(request))
    for field in form.fields.values():
        field.widget.attrs["autocomplete"] = "new-password"
    if request.method == "POST" and form.is_valid():
        invitation_accept(user=user, password=form.cleaned_data["new_password1"])
        messages.success(
            request, _("Your password has been set. Sign in with your email address and password.")
        )
        return redirect("account_login")
    # The token in the URL never leaves the site: Referrer-Policy is same-origin (settings), and
    # the page loads nothing from elsewhere. (no-referrer would make the browser send Origin: null
    # with the form, which the CSRF check rightly refuses.)
    return render(
        request,
        "accounts/invitation.html",
        {"form": form, "invited": user, "crumbs": [(_("Set your password"), "")]},
        status=form_status(form),
    )


# Mijn gegevens -------------------------------------------------------------------------------


def _declarations(person: Person) -> dict:
    """Latest signature of the Gebruikersverklaring and latest Geheimhoudingsverklaring."""
    signature = person.declaration_signatures.select_related("text_version").first()
    confidentiality = person.confidentiality_declarations.first()
    return {
        "signature": signature,
        "signature_outdated": signature_outdated(
            signature.text_version.version if signature else None, latest_declaration_version()
        ),
        "confidentiality": confidentiality,
        "confidentiality_expired": bool(
            confidentiality
            and confidentiality_expired(
                confidentiality.status, confidentiality.valid_until, timezone.localdate()
            )
        ),
    }


@login_required
@require_safe
def my_details(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    context = {
        "person": person,
        "panels": my_details_panels.keys_by_value(),
        "nav": "my_details",
        "crumbs": [(MY_DETAILS, "")],
    }
    if person is not None:
        context.update(_declarations(person))
        context["expiring"] = expiring_for(person)
    return render(request, "accounts/my_details.html", context)


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def my_data_download(request: HttpRequest) -> HttpResponse:
    """ "Mijn gegevens downloaden": after the password, a ZIP of everything the portal holds
    about the signed-in person (``accounts.personal_data``); limited per hour, recorded."""
    person = request.user.person
    if person is None:
        raise Http404
    form = DownloadMyDataForm(**posted(request), request=request)
    status = 200
    if request.method == "POST":
        wait = personal_download_wait_minutes(request.user)
        if wait is not None:
            form.add_error(
                None,
                _("You have downloaded your data often. Try again in %(minutes)s minutes.")
                % {"minutes": wait},
            )
            status = 429
        elif form.is_valid():
            personal_download_record(user=request.user)
            response = StreamingHttpResponse(
                zip_stream(person, get_language()), content_type="application/zip"
            )
            day = timezone.localdate().isoformat()
            response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{day}.zip"'
            return response
    crumbs = [(MY_DETAILS, reverse("accounts:my_details")), (_("Download my data"), "")]
    return render(
        request,
        "accounts/my_data_download.html",
        {"form": form, "nav": "my_details", "crumbs": crumbs},
        status=status if status != 200 else form_status(form),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_details_edit(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    if person is None:
        raise Http404
    form = MyDetailsForm(**posted(request, files=True), instance=person)
    if request.method == "POST":
        # A ModelForm fills its instance while validating; work on a copy, save via the service.
        form.instance = Person.objects.get(pk=person.pk)
        if form.is_valid():
            data = {n: form.cleaned_data[n] for n in form.Meta.fields if n in form.cleaned_data}
            changes = person_details_update(
                person=person,
                by=request.user,
                data=data,
                photo=form.photo_bytes,
                remove_photo=form.cleaned_data.get("remove_photo", False),
            )
            if changes:
                messages.success(request, _("Your details have been saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("accounts:my_details")
    return render(
        request,
        "accounts/my_details_edit.html",
        {
            "form": form,
            "person": person,
            "nav": "my_details",
            "crumbs": [(MY_DETAILS, reverse("accounts:my_details")), (_("Edit"), "")],
        },
        status=form_status(form),
    )


@login_required
@require_safe
def person_photo(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.only("pk", "institution_id", "photo"), pk=pk)
    require_permission(request.user, "accounts.view_photo", person)
    if not person.photo:
        raise Http404
    response = document_response(person.photo, filename=f"foto-{person.pk}.jpg", content_type=JPEG,
                                 inline=True)  # fmt: skip
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Frame-Options"] = "DENY"
    return response
