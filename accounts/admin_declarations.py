"""Back office for the declarations (Gebruikersverklaring, Geheimhoudingsverklaring).

The accounts app models them, so it administers them; reviews go through accounts.services.
Imported by accounts/admin.py (kept apart so that each module stays short).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    UserDeclarationSignature,
    UserDeclarationText,
)
from portal.admin import AuditedModelAdmin, ReadOnlyMixin
from portal.refusals import Refusal
from portal.uploads import PDF, document_response


class ApproveDeclarationForm(forms.Form):
    valid_until = forms.DateField(
        label=_("end date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RejectDeclarationForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea, max_length=2000)


@admin.register(ConfidentialityDeclaration)
class ConfidentialityDeclarationAdmin(AuditedModelAdmin):
    list_display = ["person", "uploaded_at", "status", "valid_until", "reviewed_at", "reviewed_by"]
    list_filter = ["status", "uploaded_at"]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person__institution", "reviewed_by__person__institution"]
    fields = [
        "person",
        "download",
        "uploaded_at",
        "status",
        "valid_until",
        "reviewed_at",
        "reviewed_by",
        "reason",
    ]
    readonly_fields = fields
    change_form_template = "admin/accounts/confidentialitydeclaration/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("document"))
    def download(self, obj):
        url = reverse("admin:accounts_confidentialitydeclaration_document", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Download"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_review"] = (
            obj is not None
            and obj.status == ConfidentialityStatus.SUBMITTED
            and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path(
                "<int:pk>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="accounts_confidentialitydeclaration_approve",
            ),
            path(
                "<int:pk>/reject/",
                self.admin_site.admin_view(self.reject_view),
                name="accounts_confidentialitydeclaration_reject",
            ),
            path(
                "<int:pk>/document/",
                self.admin_site.admin_view(self.document_view),
                name="accounts_confidentialitydeclaration_document",
            ),
            *super().get_urls(),
        ]

    def _declaration(self, request, pk, *, change=True):
        declaration = get_object_or_404(
            ConfidentialityDeclaration.objects.select_related("person"), pk=pk
        )
        allowed = (
            self.has_change_permission(request, declaration)
            if change
            else self.has_view_permission(request, declaration)
        )
        if not allowed:
            raise PermissionDenied
        return declaration

    def _review(self, request, pk, *, form_class, service, field, title, done):
        declaration = self._declaration(request, pk)
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(
                    declaration=declaration, by=request.user, **{field: form.cleaned_data[field]}
                )
            except Refusal as error:
                error.add_to_form(form)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect("admin:accounts_confidentialitydeclaration_change", declaration.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": declaration,
            "title": title,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/accounts/confidentialitydeclaration/review.html", context
        )

    def approve_view(self, request, pk):
        return self._review(
            request,
            pk,
            form_class=ApproveDeclarationForm,
            service=services.confidentiality_approve,
            field="valid_until",
            title=gettext("Approve confidentiality declaration"),
            done=gettext("The confidentiality declaration has been approved."),
        )

    def reject_view(self, request, pk):
        return self._review(
            request,
            pk,
            form_class=RejectDeclarationForm,
            service=services.confidentiality_reject,
            field="reason",
            title=gettext("Reject confidentiality declaration"),
            done=gettext(
                "The confidentiality declaration has been rejected; "
                "the person was asked to upload it again."
            ),
        )

    def document_view(self, request, pk):
        declaration = self._declaration(request, pk, change=False)
        return document_response(
            declaration.document,
            filename=f"Geheimhoudingsverklaring {declaration.person.full_name}.pdf",
            content_type=PDF,
        )


@admin.register(UserDeclarationText)
class UserDeclarationTextAdmin(AuditedModelAdmin):
    list_display = ["version", "title", "published_at", "signatures"]
    ordering = ["-version"]
    fields = ["version", "title", "text", "published_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(signature_count=Count("userdeclarationsignature"))
        )

    @admin.display(description=_("signatures"), ordering="signature_count")
    def signatures(self, obj):
        return obj.signature_count

    def _signed(self, obj) -> bool:
        return (
            obj is not None and UserDeclarationSignature.objects.filter(text_version=obj).exists()
        )

    def get_readonly_fields(self, request, obj=None):
        # What people signed is never changed: publish a new version instead.
        return self.fields if self._signed(obj) else []

    def has_delete_permission(self, request, obj=None):
        return not self._signed(obj) and super().has_delete_permission(request, obj)

    def delete_refusal(self, obj) -> str:
        return gettext("People have signed this version, so it is kept. Publish a new version.")

    def get_changeform_initial_data(self, request):
        latest = UserDeclarationText.objects.order_by("-version").first()
        highest = UserDeclarationText.objects.aggregate(m=Max("version"))["m"] or 0
        initial = {"version": highest + 1}
        if latest is not None:
            initial.update(title=latest.title, text=latest.text)
        return initial


@admin.register(UserDeclarationSignature)
class UserDeclarationSignatureAdmin(ReadOnlyMixin, AuditedModelAdmin):
    list_display = ["person", "text_version", "signed_at", "signed_name"]
    list_filter = ["text_version", "signed_at"]
    search_fields = ["person__first_name", "person__last_name", "signed_name"]
    list_select_related = ["person__institution", "text_version"]
    fields = ["person", "text_version", "signed_at", "signed_name", "text_hash"]
    readonly_fields = fields
