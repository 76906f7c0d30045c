"""Back office of Voorbereiding: agreement texts, agreements (draft, preview, send, countersign),
data file preparation and Remote Access readiness. Every write goes through agreements.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from agreements import services
from agreements.models import (
    Agreement,
    AgreementSignature,
    AgreementStatus,
    AgreementText,
    DataFilePreparation,
    RemoteAccessReadiness,
)
from portal.admin import AuditedModelAdmin, ObjectPagesMixin, ReadOnlyMixin
from portal.refusals import Refusal
from portal.uploads import PDF, document_response, protect_document
from projects.models import PreparationStatus
from projects.readiness import team_readiness, works_in_ra_q


@admin.register(AgreementText)
class AgreementTextAdmin(AuditedModelAdmin):
    list_display = ["version", "title", "published_at", "agreement_count"]
    ordering = ["-version"]
    fields = ["version", "title", "text", "published_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_agreements=Count("agreements"))

    @admin.display(description=_("agreements"), ordering="_agreements")
    def agreement_count(self, obj):
        return obj._agreements

    def _used(self, obj) -> bool:
        return obj is not None and obj.pk is not None and obj.agreements.exists()

    def get_readonly_fields(self, request, obj=None):
        # What was sent for signature is never changed: publish a new version instead.
        return self.fields if self._used(obj) else []

    def has_delete_permission(self, request, obj=None):
        return not self._used(obj) and super().has_delete_permission(request, obj)

    def get_changeform_initial_data(self, request):
        latest = AgreementText.objects.order_by("-version").first()
        highest = AgreementText.objects.aggregate(m=Max("version"))["m"] or 0
        initial = {"version": highest + 1}
        if latest is not None:
            initial.update(title=latest.title, text=latest.text)
        return initial


class AgreementAddForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = ["project", "signatures_required"]

    def clean(self):
        cleaned = super().clean()
        project = cleaned.get("project")
        if project is not None:
            for message in services.draft_missing(project):
                self.add_error("project", message)
        return cleaned


class SignatureInline(ReadOnlyMixin, admin.TabularInline):
    model = AgreementSignature
    extra = 0
    can_delete = False
    fields = [
        "person",
        "signed_name",
        "signed_at",
        "text_version",
        "document_hash",
        "client_address",
    ]
    readonly_fields = fields


@admin.register(Agreement)
class AgreementAdmin(ObjectPagesMixin, AuditedModelAdmin):
    list_display = ["project", "status", "signatures_required", "sent_at", "countersigned_at"]
    list_filter = ["status", "sent_at"]
    search_fields = ["project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    inlines = [SignatureInline]
    change_form_template = "admin/agreements/agreement/change_form.html"

    class Media:
        css = {"all": ["agreements/admin.css"]}

    readonly_on_change = [
        "project",
        "status",
        "signatures_required",
        "text_version",
        "created_at",
        "created_by",
        "sent_at",
        "document_hash",
        "pdf_link",
        "countersigned_at",
        "countersigned_by",
        "signed_pdf_link",
        "decline_reason",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AgreementAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["project", "signatures_required"] if obj is None else self.readonly_on_change

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_on_change if obj is not None else []

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip().isdigit():
            found |= queryset.filter(project__number=int(search_term.strip()))
        return found, may_have_duplicates

    def has_delete_permission(self, request, obj=None):
        draft = obj is None or obj.status == AgreementStatus.DRAFT
        return draft and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing on a sent agreement is edited in place
        try:
            created = services.agreement_draft(
                project=form.cleaned_data["project"],
                by=request.user,
                signatures_required=form.cleaned_data["signatures_required"],
            )
        except Refusal as refusal:  # raced with another draft: the form checked before
            raise PermissionDenied(refusal.message) from refusal
        obj.pk = created.pk
        obj._state.adding = False

    @admin.display(description=_("PDF as sent"))
    def pdf_link(self, obj):
        if not obj.pdf:
            return "–"
        url = reverse("admin:agreements_agreement_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, services.AGREEMENT_FILENAME)

    @admin.display(description=_("signed PDF"))
    def signed_pdf_link(self, obj):
        if not obj.signed_pdf:
            return "–"
        url = reverse("admin:agreements_agreement_signed_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, services.SIGNED_FILENAME)

    object_pages = (("preview", "preview_view"), ("send", "send_view"),
                    ("countersign", "countersign_view"), ("pdf", "pdf_view"),
                    ("signed-pdf", "signed_pdf_view"))  # fmt: skip
    object_related = ("project",)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        may_change = obj is not None and self.has_change_permission(request, obj)
        context["may_send"] = may_change and obj.status == AgreementStatus.DRAFT
        context["may_countersign"] = may_change and obj.status == AgreementStatus.SIGNED
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_view(self, request, pk):
        return require_safe(self._preview)(request, pk)

    def _preview(self, request, pk):
        agreement = self.object_for(request, pk, change=False)
        content = services.agreement_render_pdf(agreement=agreement)
        response = HttpResponse(content, content_type=PDF)
        response["Content-Disposition"] = f'inline; filename="{services.AGREEMENT_FILENAME}"'
        return protect_document(response, inline=True)

    def send_view(self, request, pk):
        return require_POST(self._send)(request, pk)

    def _send(self, request, pk):
        agreement = self.object_for(request, pk, change=True)
        try:
            services.agreement_send(agreement=agreement, by=request.user)
        except Refusal as refusal:
            self.message_refusal(request, refusal)
        else:
            self.message_user(
                request,
                gettext("The agreement has been sent to the authorized signatories."),
                messages.SUCCESS,
            )
        return self.back_to(agreement)

    def countersign_view(self, request, pk):
        return require_POST(self._countersign)(request, pk)

    def _countersign(self, request, pk):
        agreement = self.object_for(request, pk, change=True)
        try:
            services.agreement_countersign(agreement=agreement, by=request.user)
        except Refusal as refusal:
            self.message_refusal(request, refusal)
        else:
            self.message_user(
                request,
                gettext("Countersigned. The project is now in “Preparing data”."),
                messages.SUCCESS,
            )
        return self.back_to(agreement)

    def pdf_view(self, request, pk):
        return require_safe(self._pdf)(request, pk)

    def _pdf(self, request, pk):
        agreement = self.object_for(request, pk, change=False)
        if not agreement.pdf:
            raise Http404
        inline = request.GET.get("inline") == "1"
        return document_response(
            agreement.pdf, filename=services.AGREEMENT_FILENAME, content_type=PDF, inline=inline
        )

    def signed_pdf_view(self, request, pk):
        return require_safe(self._signed_pdf)(request, pk)

    def _signed_pdf(self, request, pk):
        agreement = self.object_for(request, pk, change=False)
        if not agreement.signed_pdf:
            raise Http404
        return document_response(
            agreement.signed_pdf, filename=services.SIGNED_FILENAME, content_type=PDF
        )


# --- data file preparation -------------------------------------------------------------------


class PreparationForm(forms.ModelForm):
    class Meta:
        model = DataFilePreparation
        fields = ["preparation_status", "preparation_reason"]
        labels = {"preparation_reason": _("reason (when cancelled)")}

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("preparation_status")
        if status is not None:
            refusal = services.preparation_refusal(
                self.initial.get("preparation_status", PreparationStatus.REQUESTED),
                status,
                cleaned.get("preparation_reason", ""),
            )
            if refusal is not None:
                field = {"status": "preparation_status", "reason": "preparation_reason"}.get(
                    refusal.field
                )
                for message in refusal.messages:
                    self.add_error(field, message)
        return cleaned


@admin.register(DataFilePreparation)
class DataFilePreparationAdmin(admin.ModelAdmin):
    """CBS sets each data file's preparation status; the service records it and mails the
    leader (not the audited admin save: the service records its own event)."""

    form = PreparationForm
    list_display = ["project", "file_display", "preparation_status", "preparation_date"]
    list_filter = ["preparation_status", "project__status"]
    search_fields = ["project__title", "data_file__code", "data_file__name"]
    list_select_related = ["project", "data_file"]
    readonly_fields = ["project", "file_display", "kind", "explanation", "preparation_date"]
    fields = [*readonly_fields[:4], "preparation_status", "preparation_reason", "preparation_date"]

    @admin.display(description=_("file"))
    def file_display(self, obj):
        return str(obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        services.file_preparation_set(
            project_file=obj,
            by=request.user,
            status=form.cleaned_data["preparation_status"],
            reason=form.cleaned_data.get("preparation_reason", ""),
        )


# --- Remote Access readiness -----------------------------------------------------------------


@admin.register(RemoteAccessReadiness)
class RemoteAccessReadinessAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Everyone on a team today in a role that works in the RA, and what they still miss."""

    list_display = ["person", "project", "role", "ra_ready"]
    list_filter = ["role", "project__status"]
    search_fields = ["person__first_name", "person__last_name", "project__title"]
    list_select_related = ["person__institution", "project"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=RemoteAccessReadiness.objects.current().values("pk"))
            .filter(works_in_ra_q())
        )

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # The page's readiness in a few queries, not a few per row.
        by_member = team_readiness(changelist.result_list)
        for member in changelist.result_list:
            member._ra = by_member.get(member.pk)
            member._ra_known = True
        return changelist

    @admin.display(description=_("RA ready"))
    def ra_ready(self, obj):
        if getattr(obj, "_ra_known", False):
            readiness = obj._ra
        else:
            readiness = team_readiness([obj]).get(obj.pk)
        if readiness is None:
            return "–"
        if readiness.ready:
            return gettext("Ready")
        todo = format_html(
            "{} {}", gettext("To do:"), "; ".join(step.todo for step in readiness.missing)
        )
        if not readiness.done:
            return todo
        return format_html(
            "{}<br>{} {}", todo, gettext("Done:"), "; ".join(step.label for step in readiness.done)
        )
