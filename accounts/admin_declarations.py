"""Back office for the declarations (Gebruikersverklaring, Geheimhoudingsverklaring).

The accounts app models them, so it administers them; reviews go through accounts.services.
Imported by accounts/admin.py (kept apart so that each module stays short).
"""

from django import forms
from django.contrib import admin
from django.db.models import Count, Max
from django.urls import reverse
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
from portal.admin import AuditedModelAdmin, ObjectPagesMixin, ReadOnlyMixin
from portal.forms import posted
from portal.uploads import PDF, document_response


class ApproveDeclarationForm(forms.Form):
    valid_until = forms.DateField(
        label=_("end date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RejectDeclarationForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea, max_length=2000)


@admin.register(ConfidentialityDeclaration)
class ConfidentialityDeclarationAdmin(ObjectPagesMixin, AuditedModelAdmin):
    object_pages = (
        ("approve", "approve_view"), ("reject", "reject_view"), ("document", "document_view"),
    )  # fmt: skip
    object_related = ("person",)
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

    def _review(self, request, pk, *, form_class, service, field, title, done):
        declaration = self.object_for(request, pk, change=True)
        return self.object_form_page(
            request,
            declaration,
            title=title,
            form=form_class(**posted(request)),
            write=lambda data: service(
                declaration=declaration, by=request.user, **{field: data[field]}
            ),
            done=done,
            template="admin/accounts/confidentialitydeclaration/review.html",
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
        declaration = self.object_for(request, pk, change=False)
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
