"""Mock-up 1D "Afnemen awarenesstoets": start, take and hand in the test; see the result."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from awareness.forms import AttemptForm
from awareness.models import Answer, Attempt
from awareness.permissions import get_attempt_for
from awareness.services import (
    active_test,
    attempt_questions,
    attempt_start,
    attempt_submit,
    awareness_status,
    open_attempt,
    retry_from,
)
from portal.forms import form_status
from portal.permissions import require_permission
from portal.refusals import Refusal

TITLE = gettext_lazy("Awareness test")


def _crumbs(*extra) -> list:
    return [(TITLE, reverse("awareness:index")), *extra]


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "awareness.take")
    person = request.user.person
    test = active_test()
    attempts = Attempt.objects.filter(person=person).select_related("test", "person")
    page = Paginator(attempts.order_by("-started_at", "-pk"), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "awareness/index.html",
        {
            "test": test,
            "status": awareness_status(person),
            "open_attempt": open_attempt(person, test),
            "retry_from": retry_from(person, test),
            "page": page,
            "crumbs": [(TITLE, "")],
        },
    )


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, "awareness.take")
    try:
        attempt = attempt_start(person=request.user.person, by=request.user)
    except Refusal as error:
        messages.error(request, error.message)
        return redirect("awareness:index")
    return redirect("awareness:attempt", pk=attempt.pk)


@login_required
@require_safe
def attempt(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = get_attempt_for(request.user, pk)
    if attempt.submitted_at is not None:
        return _result(request, attempt)
    return _take(request, attempt, AttemptForm(questions=_questions(attempt)))


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = get_attempt_for(request.user, pk)
    if attempt.submitted_at is not None:
        messages.error(request, _("This attempt has already been submitted and cannot be changed."))
        return redirect("awareness:attempt", pk=attempt.pk)
    form = AttemptForm(request.POST, questions=_questions(attempt))
    if not form.is_valid():
        return _take(request, attempt, form)
    try:
        attempt = attempt_submit(attempt=attempt, answers=form.answers(), by=request.user)
    except Refusal as error:
        messages.error(request, error.message)
        return redirect("awareness:attempt", pk=attempt.pk)
    if attempt.passed:
        messages.success(
            request,
            _("You passed the awareness test. It is valid until %(date)s.")
            % {"date": attempt.valid_until.strftime("%d-%m-%Y")},
        )
    else:
        messages.warning(request, _("You did not pass the awareness test."))
    return redirect("awareness:attempt", pk=attempt.pk)


def _questions(attempt: Attempt) -> list:
    return attempt_questions(attempt)


def _take(request: HttpRequest, attempt: Attempt, form: AttemptForm) -> HttpResponse:
    return render(
        request,
        "awareness/take.html",
        {
            "attempt": attempt,
            "form": form,
            "crumbs": _crumbs((_("Test %(number)s") % {"number": attempt.number}, "")),
        },
        status=form_status(form),
    )


def _result(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    """Which questions were answered wrongly, never which answer is right (nor the answer
    given, nor the explanation): the result must not be a key to the next attempt."""
    correct = set(
        Answer.objects.filter(attempt=attempt, choice__is_correct=True).values_list(
            "question_id", flat=True
        )
    )
    rows = [
        {"question": question, "is_correct": question.pk in correct}
        for question in _questions(attempt)
    ]
    wait = None if attempt.passed else retry_from(attempt.person, attempt.test)
    return render(
        request,
        "awareness/result.html",
        {
            "attempt": attempt,
            "rows": rows,
            "may_retry": not attempt.passed and attempt.test.is_active and wait is None,
            "retry_from": wait if attempt.test.is_active else None,
            "crumbs": _crumbs((_("Test %(number)s") % {"number": attempt.number}, "")),
        },
    )
