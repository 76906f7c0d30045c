"""CBS's side: change requests and output checks as queues, decided with buttons that call the
services (nothing is edited directly; what a service refuses is shown as its message)."""

from django import forms
from django.contrib import admin
from django.db.models import BooleanField, Case, Q, When
from django.template.defaultfilters import capfirst, yesno
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from changes import services
from changes.kinds import KINDS
from changes.models import (
    OPEN_CHANGE_STATUSES,
    OPEN_OUTPUT_STATUSES,
    AskedOfCbs,
    ChangeRequest,
    ChangeStatus,
    OutputCheck,
    OutputStatus,
)
from portal.admin import AuditedModelAdmin, ObjectPagesMixin
from portal.uploads import document_response
from portal.workqueue import overdue_q

TAKE = pgettext_lazy("request to CBS", "Take into review")
APPROVE = pgettext_lazy("request to CBS", "Approve")


class OpenFilter(admin.SimpleListFilter):
    title = _("open")
    parameter_name = "open"
    open_statuses: frozenset = frozenset()

    def lookups(self, request, model_admin):
        return [("yes", _("Open")), ("no", _("Decided"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=self.open_statuses)
        if self.value() == "no":
            return queryset.exclude(status__in=self.open_statuses)
        return queryset


class OpenChangeFilter(OpenFilter):
    open_statuses = OPEN_CHANGE_STATUSES


class OpenOutputFilter(OpenFilter):
    open_statuses = OPEN_OUTPUT_STATUSES


class OverdueOutputFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_overdue=True)
        return queryset


class KindFilter(admin.SimpleListFilter):
    """The kinds registered (changes.kinds) by their label, not the distinct codes read from
    every change request on each visit (a query that scans the table, one fewer a page)."""

    title = _("kind")
    parameter_name = "kind"  # as Django's filter of the field: the same links

    def lookups(self, request, model_admin):
        return sorted(((key, kind.label) for key, kind in KINDS.items()), key=lambda c: str(c[1]))

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)


class OutputDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (OutputStatus.RELEASED, OutputStatus.RELEASED.label),
            (OutputStatus.ADJUST, OutputStatus.ADJUST.label),
            (OutputStatus.NOT_RELEASED, OutputStatus.NOT_RELEASED.label),
        ],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(
        label=_("Comments of CBS"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Required when the output is not released or must be adjusted."),
    )


class DecisionAdmin(ObjectPagesMixin, AuditedModelAdmin):
    """Read-only rows; the object tools offer the decisions the status allows, each a page of
    its own (``object_pages``) that calls the service."""

    actions_by_status: dict = {}
    list_per_page = 50  # as the projects and the conversations (Django's default is 100)
    object_related = ("project",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # The model's own fields first (the project, what is asked), then who asked and decided.
        names = [f.name for f in self.model._meta.fields]
        asked = [f.name for f in AskedOfCbs._meta.fields]
        return [n for n in names if n not in asked] + asked + list(self.extra_readonly)

    extra_readonly: tuple = ()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        buttons = []
        if obj is not None and self.has_change_permission(request, obj):
            meta = self.model._meta
            for name, label in self.actions_by_status.get(obj.status, []):
                url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=[obj.pk])
                buttons.append((url, label))
        context["decision_buttons"] = buttons
        return super().render_change_form(request, context, add, change, form_url, obj)

    def take(self, obj, *, by):
        raise NotImplementedError

    def take_view(self, request, pk):
        obj = self.object_for(request, pk, change=True)
        return self.object_form_page(
            request, obj, title=TAKE, write=lambda data: self.take(obj, by=request.user)
        )


@admin.register(ChangeRequest)
class ChangeRequestAdmin(DecisionAdmin):
    list_display = ["asked_at", "project", "kind_label", "summary", "status", "asked_by"]
    list_filter = [OpenChangeFilter, "status", KindFilter]
    search_fields = ["=project__number", "project__title", "summary"]
    list_select_related = ["project", "asked_by__person__institution"]
    ordering = ["asked_at", "id"]
    show_full_result_count = False
    change_form_template = "admin/changes/change_form.html"
    object_pages = (("take", "take_view"), ("approve", "approve_view"), ("reject", "reject_view"))
    actions_by_status = {
        ChangeStatus.SUBMITTED: [
            ("take", TAKE),
            ("approve", APPROVE),
            ("reject", _("Reject")),
        ],
        ChangeStatus.IN_REVIEW: [("approve", APPROVE), ("reject", _("Reject"))],
    }

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return obj.kind_label

    def take(self, obj, *, by):
        services.change_request_take(change_request=obj, by=by)

    def approve_view(self, request, pk):
        obj = self.object_for(request, pk, change=True)
        return self.object_form_page(
            request,
            obj,
            title=APPROVE,
            description=_(
                "Approving applies the change now. When it costs money, a supplementary cost "
                "overview goes to the project leader and signatories first, and their approval "
                "applies it."
            ),
            write=lambda data: services.change_request_approve(change_request=obj, by=request.user),
        )

    def reject_view(self, request, pk):
        obj = self.object_for(request, pk, change=True)
        return self.object_form_page(
            request,
            obj,
            title=_("Reject"),
            form=ReasonForm(request.POST if request.method == "POST" else None),
            write=lambda data: services.change_request_reject(
                change_request=obj, by=request.user, reason=data["reason"]
            ),
        )


@admin.register(OutputCheck)
class OutputCheckAdmin(DecisionAdmin):
    """The queue of output checks: oldest first, overdue ones flagged."""

    list_display = ["asked_at", "project", "package_name", "light_display", "status",
                    "expected_answer_date", "overdue"]  # fmt: skip
    list_filter = [OpenOutputFilter, OverdueOutputFilter, "status", "light"]
    search_fields = ["=project__number", "project__title", "package_name"]
    list_select_related = ["project"]
    ordering = ["asked_at", "id"]
    show_full_result_count = False
    change_form_template = "admin/changes/change_form.html"
    object_pages = (("take", "take_view"), ("decide", "decide_view"), ("form", "form_view"))
    extra_readonly = ("form_link",)
    actions_by_status = {
        OutputStatus.SUBMITTED: [("take", TAKE), ("decide", _("Decide"))],
        OutputStatus.IN_REVIEW: [("decide", _("Decide"))],
    }

    def get_queryset(self, request):
        # Overdue as the work queue counts it: past the due day under the level in force.
        late = overdue_q("output_check", since="asked_at")
        return (
            super()
            .get_queryset(request)
            .annotate(
                is_overdue=Case(
                    When(Q(status__in=OPEN_OUTPUT_STATUSES) & late, then=True),
                    default=False,
                    output_field=BooleanField(),
                )
            )
        )

    # The two yes/no columns as words, not Django's icons: each icon resolves its image's static
    # address again, in every row (benchmarks/README.md, "What did pay").
    @admin.display(description=OutputCheck._meta.get_field("light").verbose_name, ordering="light")
    def light_display(self, obj):
        return capfirst(yesno(obj.light))

    @admin.display(description=_("overdue"), ordering="is_overdue")
    def overdue(self, obj):
        return capfirst(yesno(obj.is_overdue))

    @admin.display(description=_("output control form"))
    def form_link(self, obj):
        if not obj.pk:
            return "–"
        url = reverse("admin:changes_outputcheck_form", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.form_name)

    def form_view(self, request, pk):
        obj = self.object_for(request, pk, change=False)
        return document_response(
            obj.form_document, filename=obj.form_name, content_type=obj.content_type
        )

    def take(self, obj, *, by):
        services.output_check_take(output_check=obj, by=by)

    def decide_view(self, request, pk):
        obj = self.object_for(request, pk, change=True)
        return self.object_form_page(
            request,
            obj,
            title=_("Decide"),
            form=OutputDecisionForm(request.POST if request.method == "POST" else None),
            write=lambda data: services.output_check_decide(
                output_check=obj, by=request.user, status=data["status"], comments=data["comments"]
            ),
        )
