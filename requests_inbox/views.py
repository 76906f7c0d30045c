"""Actions: the open and sent lists on Home, and one page per action with its own POST URLs."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.services import current_declaration_text
from portal.forms import form_status
from portal.permissions import has_permission, require_permission
from portal.refusals import Refusal
from portal.uploads import PDF, document_response
from requests_inbox import pdf
from requests_inbox.forms import (
    AnswerForm,
    DisagreeForm,
    SignUserDeclarationForm,
    UploadSignedPdfForm,
)
from requests_inbox.models import Action, ActionKind
from requests_inbox.registry import action_pages, home_rows
from requests_inbox.services import (
    COST_OVERVIEW_FILENAME,
    confidentiality_upload,
    contact_person_form_upload,
    cost_overview_decide,
    question_answer,
    user_declaration_action_sign,
)

HOME_PAGE_SIZE = 10
SENT_TAB = "verzonden"
OPEN_TAB = "open"


def home_actions_context(request: HttpRequest) -> dict:
    """The open or sent actions of the signed-in person, for Home: one page of one tab."""
    tab = SENT_TAB if request.GET.get("tab") == SENT_TAB else OPEN_TAB
    person_id = request.user.person_id
    if person_id is None:
        actions = Action.objects.none()
    else:
        # Each row names its project (a Tekenbevoegde of five projects tells them apart).
        actions = (
            Action.objects.filter(person_id=person_id)
            .select_related("project")
            .only(
                "created_at",
                "kind",
                "subject",
                "status",
                "completed_at",
                "project__number",
                "project__title",
            )
        )
        if tab == SENT_TAB:
            actions = actions.sent().order_by("-completed_at", "-id")
        else:
            actions = actions.open().order_by("-created_at", "-id")
    page = Paginator(actions, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "actions_tab": tab,
        "actions_page": page,
        "actions_page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "open_tab": OPEN_TAB,
        "sent_tab": SENT_TAB,
        "home_rows": home_rows.keys(),
        # What the page's rows show (_home_actions.html), the key they are kept by: written
        # once, not on every Home (with the unread rows kept too: benchmarks/README.md).
        "actions_rows_key": [
            (a.pk, a.kind, a.subject, a.status, a.created_at, a.completed_at, a.project_id)
            + ((a.project.number, a.project.title) if a.project_id else ())
            for a in page
        ],
    }


def get_action_for(user, pk: int) -> Action:
    """The action if this user may see it; 404 otherwise (others' actions are not confirmed)."""
    action = get_object_or_404(
        Action.objects.select_related(
            "person__institution", "project", "cost_overview", "declaration"
        ),
        pk=pk,
    )
    require_permission(user, "requests_inbox.view_action", action)
    return action


DEFAULT_EXPLANATIONS = {
    ActionKind.USER_DECLARATION: gettext_lazy("Read the user declaration and sign it."),
    ActionKind.CONFIDENTIALITY: gettext_lazy(
        "Download the confidentiality declaration, sign it and upload the signed PDF. "
        "CBS then reviews it."
    ),
    ActionKind.NEW_CONTACT_PERSON: gettext_lazy(
        "Download the form for a new contact person, have it signed and upload the signed PDF."
    ),
    ActionKind.COST_REVIEW: gettext_lazy(
        "Give your approval to the attached cost overview for this project. After approval we "
        "will draw up the project agreement and start the preparations."
    ),
}


def _render_detail(request: HttpRequest, action: Action, *, forms: dict | None = None):
    may_act = has_permission(request.user, "requests_inbox.act_on_action", action)
    context = {
        "action": action,
        "may_act": may_act,
        "attachments": list(action.attachments.all()),
        "explanation": action.body or DEFAULT_EXPLANATIONS.get(action.kind, ""),
        "crumbs": [(action.title, "")],
        "max_upload_mb": settings.MAX_UPLOAD_SIZE // (1024 * 1024),
        "cost_overview_filename": COST_OVERVIEW_FILENAME,
    }
    forms = forms or {}
    if action.kind == ActionKind.USER_DECLARATION:
        text = current_declaration_text()
        context["declaration_text"] = text
        context["signature"] = (
            action.person.declaration_signatures.select_related("text_version").first()
            if not action.is_open
            else None
        )
        context["form"] = forms.get("form") or SignUserDeclarationForm(
            initial={"version": text.pk if text else None},
            full_name=action.person.full_name,
        )
    elif action.kind in UPLOADERS:
        context["form"] = forms.get("form") or UploadSignedPdfForm(max_mb=context["max_upload_mb"])
    elif action.kind == ActionKind.QUESTION:
        context["form"] = forms.get("form") or AnswerForm()
    elif action.kind == ActionKind.COST_REVIEW:
        context["disagree_form"] = forms.get("disagree_form") or DisagreeForm()
    template = f"requests_inbox/detail_{action.kind}.html"
    if action.kind not in TEMPLATED_KINDS:
        template = "requests_inbox/detail_question.html"
    return render(request, template, context, status=form_status(*forms.values()))


TEMPLATED_KINDS = {
    ActionKind.USER_DECLARATION,
    ActionKind.CONFIDENTIALITY,
    ActionKind.NEW_CONTACT_PERSON,
    ActionKind.COST_REVIEW,
    ActionKind.QUESTION,
}


@login_required
@require_safe
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    # Another app may own the kind's page (the awareness test, the agreement's signing page):
    # the action only points there.
    if page := action_pages.get(action.kind):
        return redirect(page(action))
    return _render_detail(request, action)


def _done(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(f"{reverse('portal:home')}?tab={SENT_TAB}")


def _refused(request: HttpRequest, action: Action, error: Refusal) -> HttpResponse:
    messages.error(request, error.message)
    return redirect("requests_inbox:detail", pk=action.pk)


@login_required
@require_POST
def sign_user_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    if action.kind != ActionKind.USER_DECLARATION:
        raise Http404
    form = SignUserDeclarationForm(request.POST, full_name=action.person.full_name)
    if form.is_valid():
        from accounts.models import UserDeclarationText

        version = UserDeclarationText.objects.filter(pk=form.cleaned_data["version"]).first()
        try:
            user_declaration_action_sign(
                action=action,
                by=request.user,
                typed_name=form.cleaned_data["typed_name"],
                text_version=version,
            )
        except Refusal as error:
            if error.field is None:
                return _refused(request, action, error)
            error.add_to_form(form)
        else:
            return _done(request, _("Thank you. You have signed the user declaration."))
    return _render_detail(request, action, forms={"form": form})


UPLOADERS = {
    ActionKind.CONFIDENTIALITY: (
        confidentiality_upload,
        gettext_lazy("Thank you. CBS will review your confidentiality declaration."),
    ),
    ActionKind.NEW_CONTACT_PERSON: (
        contact_person_form_upload,
        gettext_lazy("Thank you. CBS will process the form for the new contact person."),
    ),
}


@login_required
@require_POST
def upload_document(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    if action.kind not in UPLOADERS:
        raise Http404
    service, thanks = UPLOADERS[action.kind]
    form = UploadSignedPdfForm(
        request.POST, request.FILES, max_mb=settings.MAX_UPLOAD_SIZE // (1024 * 1024)
    )
    if form.is_valid():
        try:
            service(action=action, by=request.user, upload=form.cleaned_data["document"])
        except Refusal as error:
            if error.field is None:
                return _refused(request, action, error)
            error.add_to_form(form)
        else:
            return _done(request, str(thanks))
    return _render_detail(request, action, forms={"form": form})


@login_required
@require_POST
def answer_question(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    if action.kind != ActionKind.QUESTION:
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            question_answer(action=action, by=request.user, text=form.cleaned_data["text"])
        except Refusal as error:
            if error.field is None:
                return _refused(request, action, error)
            error.add_to_form(form)
        else:
            return _done(request, _("Thank you. Your answer has been sent to CBS."))
    return _render_detail(request, action, forms={"form": form})


@login_required
@require_POST
def agree_costs(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    if action.kind != ActionKind.COST_REVIEW:
        raise Http404
    try:
        overview = cost_overview_decide(action=action, by=request.user, agree=True)
    except Refusal as error:
        return _refused(request, action, error)
    if overview.supplement:  # a change request's costs (changes/): the change is now made
        return _done(request, _("You agreed to the costs. The change has been made."))
    return _done(request, _("You agreed to the cost overview. We will draw up the agreement."))


@login_required
@require_POST
def disagree_costs(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    if action.kind != ActionKind.COST_REVIEW:
        raise Http404
    form = DisagreeForm(request.POST)
    if form.is_valid():
        try:
            cost_overview_decide(
                action=action, by=request.user, agree=False, reason=form.cleaned_data["reason"]
            )
        except Refusal as error:
            if error.field is None:
                return _refused(request, action, error)
            error.add_to_form(form)
        else:
            return _done(
                request, _("You did not agree to the cost overview. CBS will contact you.")
            )
    return _render_detail(request, action, forms={"disagree_form": form})


def _cost_overview_of(request: HttpRequest, pk: int):
    action = get_action_for(request.user, pk)
    overview = action.cost_overview
    if action.kind != ActionKind.COST_REVIEW or overview is None or not overview.pdf:
        raise Http404
    return overview


@login_required
@require_safe
def cost_overview_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF as sent, inline: shown in the page's frame and in a new window."""
    overview = _cost_overview_of(request, pk)
    return document_response(
        overview.pdf, filename=COST_OVERVIEW_FILENAME, content_type=PDF, inline=True
    )


@login_required
@require_safe
def cost_overview_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    overview = _cost_overview_of(request, pk)
    return document_response(overview.pdf, filename=COST_OVERVIEW_FILENAME, content_type=PDF)


@login_required
@require_safe
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    action = get_action_for(request.user, pk)
    item = get_object_or_404(action.attachments, pk=attachment_pk)
    return document_response(item.document, filename=item.name, content_type=item.content_type)


@login_required
@require_safe
def uploaded_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed PDF this person uploaded for the action."""
    action = get_action_for(request.user, pk)
    field = action.declaration.document if action.declaration_id else action.document
    if not field:
        raise Http404
    return document_response(
        field, filename=action.document_name or "document.pdf", content_type=PDF
    )


FORM_FILENAMES = {
    ActionKind.CONFIDENTIALITY: "Geheimhoudingsverklaring.pdf",
    ActionKind.NEW_CONTACT_PERSON: "Formulier nieuw contactpersoon.pdf",
}


@login_required
@require_safe
def blank_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The form to print, sign and upload (made for this person)."""
    action = get_action_for(request.user, pk)
    if action.kind not in FORM_FILENAMES:
        raise Http404
    response = HttpResponse(pdf.blank_form_pdf(action), content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{FORM_FILENAMES[action.kind]}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
