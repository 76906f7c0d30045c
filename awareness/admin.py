"""Back office of the awareness test: tests, questions and choices, attempts, who is overdue.

A test with attempts is frozen (its questions and choices are shown read-only): changing it would
rewrite past results. "Make new version" copies it as the next, inactive version to edit.

Over 500 lines on purpose: the app's admin, by model in sections (style.md: split at ~800).
"""

import csv
import datetime
import itertools

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awareness.models import Answer, Attempt, AwarenessTest, Choice, Question, RemoteAccessPerson
from awareness.services import (
    REMINDER_DAYS,
    awareness_test_activate,
    awareness_test_deactivate,
    awareness_test_is_locked,
    awareness_test_new_version,
    with_valid_until,
)
from portal.admin import AuditedModelAdmin, ReadOnlyMixin
from portal.dutch_time import moment
from portal.refusals import Refusal
from projects.readiness import ra_persons
from requests_inbox.models import Action, ActionKind

SMALL_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


def _locked_note() -> str:
    return gettext(
        "This test has attempts, so its questions and choices can no longer be changed. "
        "Use the action “Make new version” to change it."
    )


# --- tests ---------------------------------------------------------------------------------


class QuestionInline(admin.StackedInline):
    model = Question
    fields = ["position", "text", "text_en", "explanation", "explanation_en", "required"]
    ordering = ["position", "id"]
    extra = 0
    show_change_link = True
    formfield_overrides = SMALL_TEXT

    def _editable(self, request, obj) -> bool:
        return obj is None or not awareness_test_is_locked(obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_delete_permission(request, obj)


@admin.register(AwarenessTest)
class AwarenessTestAdmin(AuditedModelAdmin):
    list_display = [
        "name",
        "year",
        "version",
        "pass_mark",
        "is_active",
        "question_count",
        "attempt_count",
    ]
    list_filter = ["is_active", "year"]
    search_fields = ["name"]
    ordering = ["-year", "-version"]
    inlines = [QuestionInline]
    actions = ["make_new_version", "activate", "deactivate"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _questions=Count("questions", distinct=True),
                _attempts=Count("attempts", distinct=True),
            )
        )

    @admin.display(description=_("questions"), ordering="_questions")
    def question_count(self, obj):
        return obj._questions

    @admin.display(description=_("attempts"), ordering="_attempts")
    def attempt_count(self, obj):
        return obj._attempts

    @admin.display(description=_("frozen"))
    def lock_status(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return (
            _locked_note()
            if awareness_test_is_locked(obj)
            else gettext("No: nobody has taken it yet.")
        )

    def get_readonly_fields(self, request, obj=None):
        # Activation goes through the service (one active test); never through the form.
        fields = ["is_active", "created_at", "lock_status"]
        if obj is not None and awareness_test_is_locked(obj):
            fields = ["name", "year", "version", "pass_mark", *fields]
        return fields

    def get_fields(self, request, obj=None):
        # The waiting time before a retry stays editable: it is no part of the test's content.
        return ["name", "year", "version", "pass_mark", "retry_wait_hours", "is_active",
                "lock_status", "created_at"]  # fmt: skip

    def has_delete_permission(self, request, obj=None):
        if obj is not None and awareness_test_is_locked(obj):
            return False  # its attempts are kept
        return super().has_delete_permission(request, obj)

    def delete_refusal(self, obj) -> str:
        return gettext("This test has attempts, so it is kept: its results refer to it.")

    @admin.action(description=_("Make new version"), permissions=["add"])
    def make_new_version(self, request, queryset):
        copies = [awareness_test_new_version(test=test, by=request.user) for test in queryset]
        for copy in copies:
            self.message_user(
                request,
                gettext("Made %(test)s (inactive); change it, then activate it.") % {"test": copy},
                messages.SUCCESS,
            )
        if len(copies) == 1:
            return HttpResponseRedirect(
                reverse("admin:awareness_awarenesstest_change", args=[copies[0].pk])
            )
        return None

    @admin.action(description=_("Activate (deactivates the others)"), permissions=["change"])
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, gettext("Select exactly one test to activate."), messages.ERROR
            )
            return
        test = queryset.get()
        try:
            awareness_test_activate(test=test, by=request.user)
        except Refusal as error:
            self.message_refusal(request, error)
            return
        self.message_user(
            request, gettext("%(test)s is now the active test.") % {"test": test}, messages.SUCCESS
        )

    @admin.action(description=_("Deactivate"), permissions=["change"])
    def deactivate(self, request, queryset):
        for test in queryset:
            awareness_test_deactivate(test=test, by=request.user)
        self.message_user(request, gettext("Deactivated."), messages.SUCCESS)


# --- questions and choices ------------------------------------------------------------------


class ChoiceFormSet(BaseInlineFormSet):
    """A question has at least two choices, exactly one of them right."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if len(kept) < 2:
            raise forms.ValidationError(gettext("Give at least two answers."))
        right = sum(1 for form in kept if form.cleaned_data.get("is_correct"))
        if right != 1:
            raise forms.ValidationError(gettext("Mark exactly one answer as correct."))


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ["position", "text", "text_en", "is_correct", "why", "why_en"]
    ordering = ["position", "id"]
    formfield_overrides = SMALL_TEXT

    def get_extra(self, request, obj=None, **kwargs):
        return 4 if obj is None else 0

    def _editable(self, obj) -> bool:
        return obj is None or not awareness_test_is_locked(obj.test)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = [
            "test",
            "position",
            "text",
            "text_en",
            "explanation",
            "explanation_en",
            "required",
        ]

    def clean_test(self):
        test = self.cleaned_data["test"]
        if test is not None and awareness_test_is_locked(test):
            raise forms.ValidationError(_locked_note())
        return test


@admin.register(Question)
class QuestionAdmin(AuditedModelAdmin):
    form = QuestionAdminForm
    list_display = ["short_text", "test", "position", "required", "choice_count"]
    list_filter = ["test", "required"]
    search_fields = ["text", "text_en"]
    list_select_related = ["test"]
    ordering = ["test", "position", "id"]
    inlines = [ChoiceInline]
    formfield_overrides = SMALL_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_choices=Count("choices"))

    @admin.display(description=_("question"))
    def short_text(self, obj):
        return str(obj)

    @admin.display(description=_("choices"), ordering="_choices")
    def choice_count(self, obj):
        return obj._choices

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "test":
            kwargs["queryset"] = AwarenessTest.objects.exclude(
                Exists(Attempt.objects.filter(test=OuterRef("pk")))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and awareness_test_is_locked(obj.test):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and awareness_test_is_locked(obj.test):
            return False
        return super().has_delete_permission(request, obj)

    def delete_refusal(self, obj) -> str:
        return _locked_note()


@admin.register(Choice)
class ChoiceAdmin(AuditedModelAdmin):
    list_display = ["short_text", "question", "position", "is_correct"]
    list_filter = ["question__test", "is_correct"]
    search_fields = ["text", "text_en"]
    list_select_related = ["question__test"]
    formfield_overrides = SMALL_TEXT

    @admin.display(description=_("answer"))
    def short_text(self, obj):
        return str(obj)

    def has_add_permission(self, request):
        return False  # choices are added with their question

    def has_change_permission(self, request, obj=None):
        if obj is not None and awareness_test_is_locked(obj.question.test):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and awareness_test_is_locked(obj.question.test):
            return False
        return super().has_delete_permission(request, obj)

    def delete_refusal(self, obj) -> str:
        return _locked_note()


# --- attempts and results -------------------------------------------------------------------


class ValidityFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("valid", _("Valid")),
            ("expiring", _("Expires within %(days)s days") % {"days": REMINDER_DAYS}),
            ("expired", _("Expired")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=REMINDER_DAYS)
        if self.value() == "valid":
            return queryset.filter(passed=True, valid_until__gte=today)
        if self.value() == "expiring":
            return queryset.filter(passed=True, valid_until__gte=today, valid_until__lte=horizon)
        if self.value() == "expired":
            return queryset.filter(passed=True, valid_until__lt=today)
        return queryset


class AnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = Answer
    fields = ["question", "choice", "correct"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question", "choice")

    @admin.display(description=_("correct"), boolean=True)
    def correct(self, obj):
        return obj.choice.is_correct


def _csv_safe(value) -> str:
    """Text for a spreadsheet cell; a leading = + - @ is neutralized (no formula injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# The columns of the CSV export, read with one values query.
EXPORT_FIELDS = [
    "person__first_name", "person__prefix", "person__last_name", "person__initials",
    "person__portal_email", "person__user__email", "person__email",
    "person__institution__name", "person__pid_code", "test__name", "test__version", "number",
    "started_at", "submitted_at", "correct", "total", "score", "passed", "valid_until",
]  # fmt: skip


EXPORT_CHUNK = 500  # lines per chunk of the streamed CSV


class _Echo:
    def write(self, value):
        return value


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyMixin, AuditedModelAdmin):
    """Results are kept as they were: attempts cannot be added, changed or deleted here."""

    list_display = [
        "person",
        "test",
        "number",
        "score_display",
        "passed",
        "submitted_at",
        "valid_until",
    ]
    list_filter = ["test", "passed", ValidityFilter, "submitted_at"]
    search_fields = [
        "person__first_name",
        "person__last_name",
        "person__email",
        "person__pid_code",
        "person__institution__name",
    ]
    list_select_related = ["person__institution", "test"]
    date_hierarchy = "submitted_at"
    ordering = ["-started_at"]
    inlines = [AnswerInline]
    actions = ["export_csv"]
    fields = [
        "description",
        "test",
        "person",
        "number",
        "started_at",
        "submitted_at",
        "correct",
        "total",
        "score",
        "passed",
        "valid_until",
    ]
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        # Linked from "awareness status of researchers": the attempts of one person.
        return lookup == "person__id__exact" or super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("score (%)"), ordering="score")
    def score_display(self, obj):
        return "–" if obj.score is None else f"{obj.score}%"

    @admin.display(description=_("description"))
    def description(self, obj):
        return obj.description

    def has_export_permission(self, request) -> bool:
        """Exporting results (personal data) is for Microdata medewerkers, not read-only staff:
        the change permission of attempts says so, although attempts are never changed here."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")

    @admin.action(description=_("Export as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        """The selected results as CSV, streamed: one query read in chunks of plain values
        (no model instances, no query per row), so 10,000 rows take well under a second."""
        rows = (
            queryset.order_by("person__last_name", "person__first_name", "test__year", "number")
            .values_list(*EXPORT_FIELDS)
            .iterator(chunk_size=2000)
        )
        writer = csv.writer(_Echo(), delimiter=";")
        header = [
            gettext("Description"),
            gettext("Respondent"),
            gettext("Email"),
            gettext("Institution"),
            gettext("PID code"),
            gettext("Test"),
            gettext("Version"),
            gettext("Attempt"),
            gettext("Started"),
            gettext("Submitted"),
            gettext("Correct answers"),
            gettext("Questions"),
            gettext("Score (%)"),
            gettext("Passed"),
            gettext("Valid until"),
        ]
        yes, no = gettext("yes"), gettext("no")

        def line(row) -> str:
            (first, prefix, last, initials, portal_email, login_email, email, institution,
             pid, test, version, number, started, submitted, correct, total, score, passed,
             valid_until) = row  # fmt: skip
            # As Person.full_name, Person.initials_name, Person.notification_email and
            # Attempt.description say, from the values of the one query.
            surname = " ".join(p for p in [prefix, last] if p)
            return writer.writerow(
                [
                    _csv_safe(value)
                    for value in [
                        f"{test} - Toets {number}--{f'{initials} {surname}'.strip()}",
                        " ".join(p for p in [first, prefix, last] if p),
                        portal_email or login_email or email,
                        institution,
                        pid,
                        test,
                        version,
                        number,
                        _when(started),
                        _when(submitted),
                        correct,
                        total,
                        score,
                        "" if passed is None else (yes if passed else no),
                        valid_until.strftime("%d-%m-%Y") if valid_until else "",
                    ]
                ]
            )

        def chunks():
            # A BOM, so that spreadsheet programs read UTF-8; then the lines EXPORT_CHUNK at a
            # time: the server writes each chunk to the network on its own.
            yield "\ufeff" + writer.writerow(header)
            for batch in itertools.batched(map(line, rows), EXPORT_CHUNK):
                yield "".join(batch)

        response = StreamingHttpResponse(chunks(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="awarenesstoetsen-{stamp}.csv"'
        return response


def _when(value) -> str:
    return moment(value)


@admin.register(Answer)
class AnswerAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Given answers, for looking up only (they are part of the kept results)."""

    list_display = ["attempt", "question", "choice"]
    list_select_related = ["attempt__person", "attempt__test", "question", "choice"]
    search_fields = ["attempt__person__last_name", "question__text"]
    list_filter = ["attempt__test"]


# --- who is overdue -------------------------------------------------------------------------


class AwarenessStatusFilter(admin.SimpleListFilter):
    title = _("awareness test")
    parameter_name = "awareness"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue (never passed or expired)")),
            ("expiring", _("Expires within %(days)s days") % {"days": REMINDER_DAYS}),
            ("valid", _("Valid")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        horizon = today + datetime.timedelta(days=REMINDER_DAYS)
        if self.value() == "overdue":
            return queryset.filter(
                Q(awareness_valid_until__isnull=True) | Q(awareness_valid_until__lt=today)
            )
        if self.value() == "expiring":
            return queryset.filter(
                awareness_valid_until__gte=today, awareness_valid_until__lte=horizon
            )
        if self.value() == "valid":
            return queryset.filter(awareness_valid_until__gte=today)
        return queryset


@admin.register(RemoteAccessPerson)
class RemoteAccessPersonAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Everyone with a portal account and Remote Access, with their awareness status."""

    list_display = [
        "full_name_display",
        "institution",
        "pid_code",
        "valid_until_display",
        "status_display",
        "has_open_action",
        "attempts_link",
    ]
    list_filter = [AwarenessStatusFilter, "institution"]
    search_fields = ["first_name", "last_name", "email", "pid_code", "institution__name"]
    ordering = ["last_name", "first_name"]
    fields = [
        "full_name_display",
        "institution",
        "email",
        "pid_code",
        "has_remote_access",
        "valid_until_display",
    ]
    readonly_fields = fields

    def _with_status(self, persons):
        open_action = Action.objects.open().filter(
            kind=ActionKind.AWARENESS_TEST, person=OuterRef("pk")
        )
        return (
            with_valid_until(persons)
            .annotate(_open_action=Exists(open_action))
            .select_related("institution")
        )

    def get_queryset(self, request):
        return self._with_status(ra_persons(super().get_queryset(request)))

    def get_object(self, request, object_id, from_field=None):
        # The list holds the people who must pass the test; the page of one person opens for
        # everybody (linked from elsewhere) and says whether they have Remote Access.
        persons = self._with_status(super().get_queryset(request))
        field = (
            persons.model._meta.pk
            if from_field is None
            else persons.model._meta.get_field(from_field)
        )
        try:
            return persons.get(**{field.name: field.to_python(object_id)})
        except (persons.model.DoesNotExist, ValidationError, ValueError):
            return None

    @admin.display(description=_("name"), ordering="last_name")
    def full_name_display(self, obj):
        return obj.full_name

    @admin.display(description=_("must take the test"), boolean=True)
    def has_remote_access(self, obj):
        return ra_persons(RemoteAccessPerson.objects.filter(pk=obj.pk)).exists()

    @admin.display(description=_("valid until"), ordering="awareness_valid_until")
    def valid_until_display(self, obj):
        value = obj.awareness_valid_until
        return value.strftime("%d-%m-%Y") if value else "–"

    @admin.display(description=_("status"))
    def status_display(self, obj):
        today = timezone.localdate()
        value = obj.awareness_valid_until
        if value is None:
            return gettext("Never passed")
        if value < today:
            return gettext("Expired")
        if value <= today + datetime.timedelta(days=REMINDER_DAYS):
            return gettext("Expires soon")
        return gettext("Valid")

    @admin.display(description=_("open action"), boolean=True, ordering="_open_action")
    def has_open_action(self, obj):
        return obj._open_action

    @admin.display(description=_("attempts"))
    def attempts_link(self, obj):
        url = reverse("admin:awareness_attempt_changelist") + f"?person__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("Attempts"))
