"""Back office for actions, tariffs and cost overviews (declarations: accounts' admin).

Every write goes through the same services as the portal (requests_inbox.services), so the
lifecycle, audit and mail are the same whether CBS or the customer acts.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from portal.admin import AuditedModelAdmin, ObjectPagesMixin
from portal.refusals import Refusal
from portal.templatetags.portal import money
from portal.uploads import (
    ACTION_ATTACHMENTS,
    PDF,
    UploadField,
    document_response,
    protect_document,
    safe_display_name,
    stored_name,
)
from projects.models import Project, Role
from requests_inbox import services
from requests_inbox.models import (
    Action,
    ActionAttachment,
    ActionKind,
    CostLine,
    CostOverview,
    CostOverviewStatus,
    Tariff,
)

# --- actions -----------------------------------------------------------------------------------


class ActionAttachmentForm(forms.ModelForm):
    class Meta:
        model = ActionAttachment
        fields = ["document"]

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload is not None and hasattr(upload, "content_type"):  # a new upload
            [content_type] = ACTION_ATTACHMENTS.check([upload])
            self.instance.content_type = content_type
            self.instance.name = safe_display_name(upload.name, content_type)
            upload.name = stored_name(content_type)
        return upload


class ActionAttachmentInline(admin.TabularInline):
    model = ActionAttachment
    form = ActionAttachmentForm
    fields = ["document", "name", "content_type"]
    readonly_fields = ["name", "content_type"]
    extra = 1


class OpenFilter(admin.SimpleListFilter):
    title = _("open")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Open")), ("no", _("Sent"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open()
        if self.value() == "no":
            return queryset.sent()
        return queryset


class ActionAdminForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["person", "kind", "subject", "regarding", "body", "project"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" in self.fields:
            # Cost reviews are made by sending a cost overview, awareness tests by their app.
            self.fields["kind"].choices = [
                choice
                for choice in self.fields["kind"].choices
                if choice[0]
                not in {
                    ActionKind.COST_REVIEW,
                    ActionKind.AWARENESS_TEST,
                    ActionKind.AGREEMENT_SIGNING,
                }
            ]
        if "subject" in self.fields:
            self.fields["subject"].required = False
            self.fields["subject"].help_text = _("Empty: the kind of action, e.g. “Question”.")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed():
            refusal = services.action_text_refusal(Action.objects.get(pk=self.instance.pk))
            if refusal is not None:
                refusal.add_to_form(self)
        return cleaned


TEAM_KINDS = [ActionKind.QUESTION, ActionKind.USER_DECLARATION, ActionKind.CONFIDENTIALITY]


class TeamActionForm(forms.Form):
    project_number = forms.IntegerField(label=_("project number"))
    kind = forms.ChoiceField(
        label=_("kind"), choices=[(k.value, k.label) for k in TEAM_KINDS], initial="question"
    )
    roles = forms.MultipleChoiceField(
        label=_("roles"),
        choices=Role.choices,
        initial=list(Role.values),
        widget=forms.CheckboxSelectMultiple,
    )
    subject = forms.CharField(label=_("subject"), max_length=200, required=False)
    body = forms.CharField(label=_("explanation"), widget=forms.Textarea, required=False)
    attachments = UploadField(label=_("attachments"), policy=ACTION_ATTACHMENTS, required=False)

    def clean_project_number(self):
        number = self.cleaned_data["project_number"]
        project = Project.objects.filter(number=number).first()
        if project is None:
            raise ValidationError(_("There is no project with this number."))
        self.project = project
        return number


NOT_A_WAITING_FORM = _(
    "%(count)d selected action(s) are not uploaded contact person forms awaiting CBS."
)


@admin.register(Action)
class ActionAdmin(ObjectPagesMixin, AuditedModelAdmin):
    object_pages = (("document", "document_view"),)
    object_related = ("declaration",)
    form = ActionAdminForm
    list_display = ["id", "created_at", "person", "kind", "subject", "status", "is_open", "project"]
    list_display_links = ["subject"]  # one link a row (see ProjectAdmin)
    list_filter = [OpenFilter, "status", "kind", "created_at"]
    search_fields = ["subject", "person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person__institution", "project"]
    raw_id_fields = ["person", "project"]
    date_hierarchy = "created_at"
    inlines = [ActionAttachmentInline]
    show_full_result_count = False
    change_list_template = "admin/requests_inbox/action/change_list.html"
    readonly_on_change = [
        "person",
        "kind",
        "project",
        "status",
        "cost_overview",
        "declaration",
        "created_at",
        "created_by",
        "completed_at",
        "completed_by",
        "response",
        "uploaded_document",
    ]

    actions = ["mark_contact_person_forms_processed"]

    @admin.action(
        description=_("Mark uploaded contact person forms as processed"),
        permissions=["change"],
    )
    def mark_contact_person_forms_processed(self, request, queryset):
        done, refused = 0, 0
        for action in queryset:
            try:
                services.contact_person_form_processed(action=action, by=request.user)
            except Refusal:
                refused += 1
            else:
                done += 1
        if done:
            self.message_user(
                request, _("%(count)d form(s) marked as processed.") % {"count": done}
            )
        if refused:
            self.message_user(
                request,
                NOT_A_WAITING_FORM % {"count": refused},
                level=messages.WARNING,
            )

    @admin.display(boolean=True, description=_("open"))
    def is_open(self, obj):
        return obj.is_open

    @admin.display(description=_("uploaded document"))
    def uploaded_document(self, obj):
        if not obj.document and not obj.declaration_id:
            return "–"
        url = reverse("admin:requests_inbox_action_document", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.document_name or gettext("Download"))

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["person", "kind", "subject", "regarding", "body", "project"]
        return ["subject", "regarding", "body", *self.readonly_on_change]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_on_change if obj is not None else []

    def save_model(self, request, obj, form, change):
        if change:
            # The text through the service (a done action's refusal was shown by the form).
            services.action_text_set(
                action=obj,
                by=request.user,
                subject=form.cleaned_data["subject"],
                regarding=form.cleaned_data["regarding"],
                body=form.cleaned_data["body"],
            )
            return
        # A new action goes through the service: audited, mailed to its person.
        created = services.action_create(
            person=obj.person,
            kind=obj.kind,
            subject=obj.subject,
            by=request.user,
            body=obj.body,
            project=obj.project,
            regarding=obj.regarding,
        )
        obj.__dict__.update(created.__dict__)

    def get_urls(self):
        # A page of the list (not of one action): beside ObjectPagesMixin's pages.
        return [
            path(
                "team/",
                self.admin_site.admin_view(self.team_view),
                name="requests_inbox_action_team",
            ),
            *super().get_urls(),
        ]

    def team_view(self, request):
        """Create the same action for the team of a project (a form, with attachments)."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = TeamActionForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                created = services.action_create_for_team(
                    project=form.project,
                    kind=form.cleaned_data["kind"],
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    roles=form.cleaned_data["roles"],
                    attachments=form.cleaned_data["attachments"],
                    by=request.user,
                )
            except Refusal as error:
                error.add_to_form(form)
            else:
                self.message_user(
                    request,
                    gettext("%(count)s actions created for the team of %(project)s.")
                    % {"count": len(created), "project": form.project},
                    messages.SUCCESS,
                )
                return redirect("admin:requests_inbox_action_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Create an action for a project team"),
            "form": form,
        }
        return TemplateResponse(request, "admin/requests_inbox/action/team.html", context)

    def document_view(self, request, pk):
        action = self.object_for(request, pk, change=False)
        field = action.declaration.document if action.declaration_id else action.document
        if not field:
            raise Http404
        return document_response(
            field, filename=action.document_name or "document.pdf", content_type=PDF
        )


# --- tariffs and cost overviews -------------------------------------------------------------


@admin.register(Tariff)
class TariffAdmin(AuditedModelAdmin):
    list_display = ["description", "kind", "price", "service", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["description"]
    list_select_related = ["service"]
    raw_id_fields = ["service"]
    ordering = ["kind", "description"]

    @admin.display(description=_("price per unit (€)"), ordering="unit_price")
    def price(self, obj):
        return money(obj.unit_price)


class CostLineInline(admin.TabularInline):
    model = CostLine
    fields = ["position", "kind", "description", "quantity", "unit_price", "line_amount"]
    readonly_fields = ["line_amount"]
    extra = 0

    @admin.display(description=_("line amount (€)"))
    def line_amount(self, obj):
        if obj.pk is None or obj.quantity is None or obj.unit_price is None:
            return "–"
        return money(obj.amount)

    def _editable(self, obj) -> bool:
        return obj is None or obj.status == CostOverviewStatus.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(CostOverview)
class CostOverviewAdmin(ObjectPagesMixin, AuditedModelAdmin):
    list_display = ["project", "status", "total_amount", "created_at", "sent_at", "decided_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    inlines = [CostLineInline]
    change_form_template = "admin/requests_inbox/costoverview/change_form.html"
    readonly_on_change = [
        "project",
        "status",
        "total_amount",
        "created_at",
        "created_by",
        "sent_at",
        "sent_pdf",
        "decided_at",
        "decided_by",
        "reason",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lines")

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip().isdigit():
            found |= queryset.filter(project__number=int(search_term.strip()))
        return found, may_have_duplicates

    def get_fields(self, request, obj=None):
        return ["project"] if obj is None else self.readonly_on_change

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_on_change if obj is not None else []

    @admin.display(description=_("total (€)"))
    def total_amount(self, obj):
        return money(obj.total)

    @admin.display(description=_("PDF as sent"))
    def sent_pdf(self, obj):
        if not obj.pdf:
            return "–"
        url = reverse("admin:requests_inbox_costoverview_sent_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, services.COST_OVERVIEW_FILENAME)

    def save_model(self, request, obj, form, change):
        if change:
            # The text through the service (a done action's refusal was shown by the form).
            services.action_text_set(
                action=obj,
                by=request.user,
                subject=form.cleaned_data["subject"],
                regarding=form.cleaned_data["regarding"],
                body=form.cleaned_data["body"],
            )
            return
        # A new draft goes through the service (recorded like every write).
        created = services.cost_overview_create(project=obj.project, by=request.user)
        obj.__dict__.update(created.__dict__)

    object_pages = (("propose", "propose_view"), ("preview", "preview_view"),
                    ("send", "send_view"), ("sent-pdf", "sent_pdf_view"))  # fmt: skip
    object_related = ("project",)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        draft = obj is not None and obj.status == CostOverviewStatus.DRAFT
        context["may_propose"] = draft and self.has_change_permission(request, obj)
        context["may_send"] = draft and self.has_change_permission(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def propose_view(self, request, pk):
        """Voorstel uit project: replace the draft's lines by a proposal."""
        return require_POST(self._propose)(request, pk)

    def _propose(self, request, pk):
        overview = self.object_for(request, pk, change=True)
        try:
            lines = services.cost_overview_propose_lines(overview=overview, by=request.user)
        except Refusal as error:
            self.message_refusal(request, error)
        else:
            self.message_user(
                request,
                gettext("%(count)s lines proposed from the project. Check them before sending.")
                % {"count": len(lines)},
                messages.SUCCESS,
            )
        return self.back_to(overview)

    def preview_view(self, request, pk):
        """PDF bekijken: the PDF as it would be sent now (reading only: GET)."""
        return require_safe(self._preview)(request, pk)

    def _preview(self, request, pk):
        overview = self.object_for(request, pk, change=False)
        content = services.cost_overview_render_pdf(overview=overview)
        response = HttpResponse(content, content_type=PDF)
        response["Content-Disposition"] = f'inline; filename="{services.COST_OVERVIEW_FILENAME}"'
        return protect_document(response, inline=True)

    def send_view(self, request, pk):
        """Versturen: refused unless the project is in Contract opstellen."""
        return require_POST(self._send)(request, pk)

    def _send(self, request, pk):
        overview = self.object_for(request, pk, change=True)
        try:
            services.cost_overview_send(overview=overview, by=request.user)
        except Refusal as error:
            self.message_refusal(request, error)
        else:
            self.message_user(
                request,
                gettext("The cost overview has been sent to the project leader and signatories."),
                messages.SUCCESS,
            )
        return self.back_to(overview)

    def sent_pdf_view(self, request, pk):
        overview = self.object_for(request, pk, change=False)
        if not overview.pdf:
            raise Http404
        return document_response(
            overview.pdf, filename=services.COST_OVERVIEW_FILENAME, content_type=PDF
        )
