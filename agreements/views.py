"""Signing the project agreement: the action "Ondertekenen projectovereenkomst" (PDF inline,
sign with full name and password, or decline with a reason) and the signed agreement's download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.throttle import client_address
from agreements.forms import DeclineAgreementForm, SignAgreementForm
from agreements.models import Agreement
from agreements.services import (
    AGREEMENT_FILENAME,
    SIGNED_FILENAME,
    agreement_decline,
    agreement_of_action,
    agreement_sign,
)
from portal.forms import form_status
from portal.permissions import has_permission, require_permission
from portal.refusals import Refusal
from portal.uploads import PDF, document_response
from requests_inbox.views import SENT_TAB, get_action_for


def _action_and_agreement(request: HttpRequest, pk: int):
    action = get_action_for(request.user, pk)
    agreement = agreement_of_action(action)
    if agreement is None:
        raise Http404
    return action, agreement


def _render(request, action, agreement, *, sign_form=None, decline_form=None):
    """The signing page; a form sent back with its errors beside the fields answers 400."""
    may_sign = action.is_open and has_permission(request.user, "agreements.sign", agreement)
    person = request.user.person
    return render(
        request,
        "agreements/sign.html",
        {
            "action": action,
            "agreement": agreement,
            "may_act": may_sign,
            "attachments": [],
            "explanation": action.body
            or _(
                "Read the project agreement and sign it for your institution, or tell CBS why "
                "you do not sign it."
            ),
            "signatures": list(agreement.signatures.select_related("person")),
            "sign_form": sign_form
            or SignAgreementForm(
                request=request,
                initial={"document_hash": agreement.document_hash},
                full_name=person.full_name if person else "",
            ),
            "decline_form": decline_form or DeclineAgreementForm(),
            "filename": AGREEMENT_FILENAME,
            "crumbs": [(action.title, "")],
        },
        status=form_status(*(form for form in (sign_form, decline_form) if form is not None)),
    )


@login_required
@require_safe
def sign_page(request: HttpRequest, pk: int) -> HttpResponse:
    action, agreement = _action_and_agreement(request, pk)
    return _render(request, action, agreement)


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(f"{reverse('portal:home')}?tab={SENT_TAB}")


def _refused(request: HttpRequest, action, refusal: Refusal) -> HttpResponse:
    """A refusal of the whole signing (not of one field): shown above the page, read afresh."""
    messages.error(request, refusal.message)
    return redirect("agreements:action", pk=action.pk)


@login_required
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    action, agreement = _action_and_agreement(request, pk)
    person = request.user.person
    form = SignAgreementForm(
        request.POST, request=request, full_name=person.full_name if person else ""
    )
    if form.is_valid():
        try:
            agreement_sign(
                agreement=agreement,
                by=request.user,
                typed_name=form.cleaned_data["typed_name"],
                document_hash=form.cleaned_data["document_hash"],
                client_address=client_address(request) or None,
            )
        except Refusal as refusal:
            if refusal.field is None:
                return _refused(request, action, refusal)
            refusal.add_to_form(form)
        else:
            return _done(request, _("Thank you. You have signed the project agreement."))
    return _render(request, action, agreement, sign_form=form)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    action, agreement = _action_and_agreement(request, pk)
    form = DeclineAgreementForm(request.POST)
    if form.is_valid():
        try:
            agreement_decline(
                agreement=agreement, by=request.user, reason=form.cleaned_data["reason"]
            )
        except Refusal as refusal:
            if refusal.field is None:
                return _refused(request, action, refusal)
            refusal.add_to_form(form)
        else:
            return _done(
                request, _("You did not sign the project agreement. CBS will contact you.")
            )
    return _render(request, action, agreement, decline_form=form)


@login_required
@require_safe
def action_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement as sent, inline: shown in the page's frame and in a new window."""
    _action, agreement = _action_and_agreement(request, pk)
    if not agreement.pdf:
        raise Http404
    return document_response(
        agreement.pdf, filename=AGREEMENT_FILENAME, content_type=PDF, inline=True
    )


@login_required
@require_safe
def signed_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed and countersigned agreement with its signature page, for the team."""
    agreement = get_object_or_404(Agreement.objects.select_related("project"), pk=pk)
    require_permission(request.user, "agreements.download_signed", agreement)
    return document_response(agreement.signed_pdf, filename=SIGNED_FILENAME, content_type=PDF)
