"""The back office of talking with CBS: conversations (oldest waiting first) with buttons to
answer, add an internal note and assign, and the submitted versions of the bijlagen with their
changes and a button to comment on a section. Every write goes through messaging.services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from messaging import services
from messaging.forms import MultipleFileField
from messaging.models import Attachment, ReviewComment, Thread
from messaging.views import timeline
from portal.admin import ReadOnlyMixin
from portal.refusals import Refusal
from portal.uploads import document_response
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.models import BijlageVersion
from projects.reviews import version_changes


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting for CBS")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(waiting_since__isnull=False)
        if self.value() == "no":
            return queryset.filter(waiting_since__isnull=True)
        return queryset


class MineFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("me", _("To me")), ("nobody", _("To nobody"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(label=_("Attachments"), required=False)


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Only CBS staff see internal notes; customers never do."),
    )


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"),
        queryset=User.objects.cbs_staff(),
        required=False,
    )


class ReviewCommentForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"))
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [
            (f"{kind}:{section.key}", f"{definition.short_title}: {section.label}")
            for kind, definition in BIJLAGE_DEFINITIONS.items()
            for section in definition.sections
        ]


def _form_page(model_admin, request, *, obj, form, title, back_url, multipart=False):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": obj,
        "form": form,
        "title": title,
        "back_url": back_url,
        "multipart": multipart,
    }
    return TemplateResponse(request, "admin/messaging/form_page.html", context)


@admin.register(Thread)
class ThreadAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Conversations: answered, noted and assigned through the buttons (the services)."""

    list_display = ["subject", "project", "started_by", "waiting_since", "assigned_to",
                    "last_message_at"]  # fmt: skip
    list_filter = [WaitingFilter, MineFilter]
    search_fields = ["subject", "=project__number", "started_by__email"]
    list_select_related = [
        "project",
        "started_by__person__institution",
        "assigned_to__person__institution",
    ]
    # Oldest waiting first, then the rest by their last message.
    ordering = [F("waiting_since").asc(nulls_last=True), "-last_message_at"]
    show_full_result_count = False
    list_per_page = 50
    fields = ["subject", "project", "started_by", "assigned_to", "waiting_since", "created_at",
              "conversation"]  # fmt: skip
    readonly_fields = fields
    change_form_template = "admin/messaging/thread/change_form.html"

    @admin.display(description=_("conversation"))
    def conversation(self, obj):
        entries = timeline(obj, obj.project, documents=False)
        url = reverse("admin:messaging_thread_attachment", args=[obj.pk, 0]).rsplit("0/", 1)[0]
        for entry in entries:
            entry["attachments"] = [(f"{url}{pk}/", name) for pk, name in entry.get("files", [])]
        notes = obj.messages.filter(internal=True).order_by("created_at", "pk")
        for note in notes:
            entries.append(
                {
                    "kind": "note",
                    "id": f"notitie-{note.pk}",
                    "author": note.author_name,
                    "from_cbs": True,
                    "when": note.created_at,
                    "body": note.body,
                    "attachments": [],
                }  # fmt: skip
            )
        entries.sort(key=lambda entry: entry["when"])
        return format_html("{}", render_to_string("admin/messaging/_conversation.html",
                                                  {"entries": entries}))  # fmt: skip

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_answer"] = obj is not None and services.is_cbs(request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/antwoorden/", view(self.reply_view),
                 name="messaging_thread_reply"),
            path("<path:object_id>/notitie/", view(self.note_view), name="messaging_thread_note"),
            path("<path:object_id>/toewijzen/", view(self.assign_view),
                 name="messaging_thread_assign"),
            path("<path:object_id>/bijlagen/<int:attachment_id>/", view(self.attachment_view),
                 name="messaging_thread_attachment"),
            *super().get_urls(),
        ]  # fmt: skip

    def _thread_for(self, request, object_id) -> Thread:
        thread = get_object_or_404(Thread.objects.select_related("project"), pk=object_id)
        if not services.is_cbs(request.user):
            raise PermissionDenied
        return thread

    def attachment_view(self, request, object_id, attachment_id):
        """An attachment of the conversation, for staff who may see conversations."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = get_object_or_404(Attachment, pk=attachment_id, message__thread_id=object_id)
        return document_response(document.document, filename=document.original_name,
                                 content_type=document.content_type)  # fmt: skip

    def _write_view(self, request, object_id, form_class, title, write, done, multipart=False):
        thread = self._thread_for(request, object_id)
        back = reverse("admin:messaging_thread_change", args=[thread.pk])
        if request.method == "POST":
            form = form_class(request.POST, request.FILES)
            if form.is_valid():
                try:
                    write(thread, form.cleaned_data)
                except Refusal as refusal:
                    refusal.add_to_form(form)
                else:
                    messages.success(request, done)
                    return HttpResponseRedirect(back)
        else:
            form = form_class(initial={"assigned_to": thread.assigned_to_id})
        return _form_page(self, request, obj=thread, form=form, title=f"{title}: {thread}",
                          back_url=back, multipart=multipart)  # fmt: skip

    def reply_view(self, request, object_id):
        return self._write_view(
            request, object_id, ReplyForm, _("Answer"),
            lambda thread, data: services.cbs_reply(thread=thread, by=request.user,
                                                    body=data["body"], files=data["attachments"]),
            _("Your answer has been sent."), multipart=True,
        )  # fmt: skip

    def note_view(self, request, object_id):
        return self._write_view(
            request, object_id, NoteForm, _("Internal note"),
            lambda thread, data: services.cbs_reply(thread=thread, by=request.user,
                                                    body=data["body"], internal=True),
            _("The internal note has been added."),
        )  # fmt: skip

    def assign_view(self, request, object_id):
        return self._write_view(
            request, object_id, AssignForm, _("Assign"),
            lambda thread, data: services.thread_assign(thread=thread, by=request.user,
                                                        assignee=data["assigned_to"]),
            _("The conversation has been assigned."),
        )  # fmt: skip


@admin.register(BijlageVersion)
class BijlageVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Submitted versions of the bijlagen: read-only, with the changes since the version before
    and CBS's comments; "Comment on a section" on the latest."""

    list_display = ["project", "number", "submitted_at", "submitted_by"]
    search_fields = ["=project__number", "project__title"]
    list_select_related = ["project", "submitted_by__person__institution"]
    ordering = ["-submitted_at"]
    show_full_result_count = False
    fields = ["project", "number", "submitted_at", "submitted_by", "changes", "comments"]
    readonly_fields = fields
    change_form_template = "admin/messaging/bijlageversion/change_form.html"

    @admin.display(description=_("changes since the previous submission"))
    def changes(self, obj):
        previous = (
            BijlageVersion.objects.filter(project_id=obj.project_id, number__lt=obj.number)
            .order_by("-number")
            .first()
        )
        return format_html("{}", render_to_string(
            "admin/messaging/_changes.html",
            {"previous": previous, "changes": version_changes(previous, obj)},
        ))  # fmt: skip

    @admin.display(description=_("comments of CBS"))
    def comments(self, obj):
        rows = ReviewComment.objects.filter(version=obj)
        return format_html("{}", render_to_string("admin/messaging/_comments.html",
                                                  {"comments": rows}))  # fmt: skip

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_comment"] = (
            obj is not None
            and services.is_cbs(request.user)
            and not BijlageVersion.objects.filter(
                project_id=obj.project_id, number__gt=obj.number
            ).exists()
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        return [
            path("<path:object_id>/opmerking/", self.admin_site.admin_view(self.comment_view),
                 name="projects_bijlageversion_comment"),
            *super().get_urls(),
        ]  # fmt: skip

    def comment_view(self, request, object_id):
        version = get_object_or_404(BijlageVersion.objects.select_related("project"), pk=object_id)
        if not services.is_cbs(request.user):
            raise PermissionDenied
        back = reverse("admin:projects_bijlageversion_change", args=[version.pk])
        form = ReviewCommentForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            kind, _sep, key = form.cleaned_data["section"].partition(":")
            try:
                services.review_comment_add(project=version.project, by=request.user,
                                            kind=int(kind), section=key,
                                            text=form.cleaned_data["text"])  # fmt: skip
            except Refusal as refusal:
                refusal.add_to_form(form)
            else:
                messages.success(request, _("The comment has been added."))
                return HttpResponseRedirect(back)
        title = "{}: {}".format(_("Comment on a section"), version.project)
        return _form_page(self, request, obj=version, form=form, back_url=back, title=title)
