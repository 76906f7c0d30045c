"""The back office of talking with CBS: conversations (oldest waiting first) with buttons to
answer, add an internal note and assign, and the submitted versions of the bijlagen with their
changes and a button to comment on a section. Every write goes through messaging.services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from messaging import services
from messaging.models import Attachment, ReviewComment, Thread
from messaging.views import timeline
from portal.admin import ObjectPagesMixin, ReadOnlyMixin
from portal.forms import posted
from portal.uploads import MESSAGE_ATTACHMENTS, UploadField, document_response
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
    attachments = UploadField(label=_("Attachments"), policy=MESSAGE_ATTACHMENTS, required=False)


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


@admin.register(Thread)
class ThreadAdmin(ReadOnlyMixin, ObjectPagesMixin, admin.ModelAdmin):
    """Conversations: answered, noted and assigned through the buttons (the services)."""

    object_pages = (("reply", "reply_view"), ("note", "note_view"), ("assign", "assign_view"),
                    ("attachment/<int:attachment_id>", "attachment_view"))  # fmt: skip
    object_related = ("project",)

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

    def _thread_for(self, request, pk) -> Thread:
        """The conversation, for CBS staff who answer (they write through the services, not
        through the change form: this admin is read-only)."""
        thread = self.object_for(request, pk, change=False)
        if not services.is_cbs(request.user):
            raise PermissionDenied
        return thread

    def attachment_view(self, request, pk, attachment_id):
        """An attachment of the conversation, for staff who may see conversations."""
        self.object_for(request, pk, change=False)
        document = get_object_or_404(Attachment, pk=attachment_id, message__thread_id=pk)
        return document_response(document.document, filename=document.original_name,
                                 content_type=document.content_type)  # fmt: skip

    def reply_view(self, request, pk):
        thread = self._thread_for(request, pk)
        return self.object_form_page(
            request, thread, title=f"{_('Answer')}: {thread}", submit=_("Save"), multipart=True,
            form=ReplyForm(**posted(request, files=True)),
            write=lambda data: services.cbs_reply(thread=thread, by=request.user,
                                                  body=data["body"], files=data["attachments"]),
            done=_("Your answer has been sent."),
        )  # fmt: skip

    def note_view(self, request, pk):
        thread = self._thread_for(request, pk)
        return self.object_form_page(
            request, thread, title=f"{_('Internal note')}: {thread}", submit=_("Save"),
            form=NoteForm(**posted(request)),
            write=lambda data: services.cbs_reply(thread=thread, by=request.user,
                                                  body=data["body"], internal=True),
            done=_("The internal note has been added."),
        )  # fmt: skip

    def assign_view(self, request, pk):
        thread = self._thread_for(request, pk)
        return self.object_form_page(
            request, thread, title=f"{_('Assign')}: {thread}", submit=_("Save"),
            form=AssignForm(**posted(request), initial={"assigned_to": thread.assigned_to_id}),
            write=lambda data: services.thread_assign(thread=thread, by=request.user,
                                                      assignee=data["assigned_to"]),
            done=_("The conversation has been assigned."),
        )  # fmt: skip


@admin.register(BijlageVersion)
class BijlageVersionAdmin(ReadOnlyMixin, ObjectPagesMixin, admin.ModelAdmin):
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
    object_pages = (("comment", "comment_view"),)
    object_related = ("project",)

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

    def comment_view(self, request, pk):
        version = self.object_for(request, pk, change=False)
        if not services.is_cbs(request.user):
            raise PermissionDenied

        def write(data):
            kind, _sep, key = data["section"].partition(":")
            services.review_comment_add(project=version.project, by=request.user, kind=int(kind),
                                        section=key, text=data["text"])  # fmt: skip

        return self.object_form_page(
            request, version, title="{}: {}".format(_("Comment on a section"), version.project),
            submit=_("Save"), form=ReviewCommentForm(**posted(request)), write=write,
            done=_("The comment has been added."),
        )  # fmt: skip
