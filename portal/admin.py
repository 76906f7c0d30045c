"""Admin base: every change made in the admin is recorded as an audit event, like portal changes."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import workqueue
from portal.audit import field_changes, record
from portal.events import AdminEvent
from portal.models import (
    CbsDigest,
    Event,
    JobRun,
    OutgoingMail,
    SentReminder,
    ServiceLevel,
    WorkSummary,
)
from portal.refusals import Refusal
from portal.reminders import kind_choices, kind_label
from portal.services import service_level_set


def _audit_links(obj) -> dict:
    """The project and person an event about ``obj`` belongs to, as the model says.

    A model tells by an ``audit_links()`` method returning ``{"project": ..., "person": ...}``;
    without one, the object is linked to itself or to its own ``project`` / ``person`` when
    those are of the models the Event links to (portal asks the Event, it imports no app).
    """
    own = getattr(obj, "audit_links", None)
    if callable(own):
        return own()
    links = {}
    for name in ("project", "person"):
        model = Event._meta.get_field(name).related_model
        value = obj if isinstance(obj, model) else getattr(obj, name, None)
        links[name] = value if isinstance(value, model) and value.pk else None
    return links


def _changes(form) -> dict:
    old = {name: form.initial.get(name) for name in form.changed_data}
    new = {name: form.cleaned_data.get(name) for name in form.changed_data}
    return field_changes(old, new)


def _record_delete(request, obj) -> None:
    record(
        verb=AdminEvent.DELETE,
        by=request.user,
        target=obj,
        description=str(_("Deleted in the back office")),
        **_audit_links(obj),
    )


class ObjectPagesMixin:
    """Pages and buttons of one object beside its change page (preview, send, countersign):
    ``object_pages`` lists (slug, method name), each served at ``<pk>/<slug>/`` behind the
    admin's login and named ``<app>_<model>_<slug's first part, dashes as underscores>``; a slug
    may carry more of the path (``attachment/<int:attachment_id>``), passed to the method.

    ``object_for(request, pk, change=...)`` reads the object (with ``object_related``; 404 when
    there is none) and checks the view or change permission (403); ``back_to(obj)`` returns to
    its change page; ``object_form_page(...)`` is the one page of a button that calls a service
    (a confirmation, or a small form)."""

    object_pages: tuple[tuple[str, str], ...] = ()
    object_related: tuple[str, ...] = ()

    def get_urls(self):
        meta = self.model._meta
        own = [
            path(
                f"<int:pk>/{slug}/",
                self.admin_site.admin_view(getattr(self, method)),
                name=f"{meta.app_label}_{meta.model_name}_{slug.split('/')[0].replace('-', '_')}",
            )
            for slug, method in self.object_pages
        ]
        return [*own, *super().get_urls()]

    def object_for(self, request, pk, *, change: bool):
        queryset = self.model._default_manager.all()
        if self.object_related:
            queryset = queryset.select_related(*self.object_related)
        obj = get_object_or_404(queryset, pk=pk)
        allowed = (
            self.has_change_permission(request, obj)
            if change
            else self.has_view_permission(request, obj)
        )
        if not allowed:
            raise PermissionDenied
        return obj

    def back_to(self, obj):
        meta = self.model._meta
        return redirect(f"admin:{meta.app_label}_{meta.model_name}_change", obj.pk)

    def object_form_page(
        self, request, obj, *, title, write, form=None, done="", description="", submit="",
        multipart=False, template="admin/object_page.html", extra_context=None,
    ):  # fmt: skip
        """A button's page: GET shows ``form`` (without one: only the button, a confirmation); a
        valid POST calls ``write(cleaned_data)`` (a service), says ``done`` and returns to the
        change page. Bad input and what the rules refuse stand beside the field (or above the
        form), with what was typed, answered 400 (ADR 0015). The caller checked the permission
        (``object_for``); ``template`` may extend admin/object_page.html, with ``extra_context``.
        ``done`` may be a function, called after the write (a message that tells its outcome)."""
        if form is None:
            form = forms.Form(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                write(form.cleaned_data)
            except Refusal as refusal:
                refusal.add_to_form(form)
            else:
                done = done() if callable(done) else done
                self.message_user(request, done or gettext("Done: %(title)s.") % {"title": title})
                return self.back_to(obj)
        meta = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "opts": meta,
            "original": obj,
            "form": form,
            "title": title,
            "submit": submit or title,
            "description": description,
            "multipart": multipart,
            "back_url": reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, template, context, status=status)


class ReadOnlyMixin:
    """Seen in the back office, written elsewhere (the portal, a service, the audit trail): no
    add, change or delete for anybody. For model admins and inlines alike; put it first."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedModelAdmin(admin.ModelAdmin):
    """Use for every model admin: records add, change (with old and new values) and delete."""

    def action_checkbox(self, obj):
        """The row's checkbox, as Django renders it, without a widget template per row (the
        widget engine made up a fifth of a 50-row changelist's time)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def message_refusal(self, request, refusal: Refusal) -> None:
        """What the rules refused, shown the one way the admin shows refusals: an error message
        per reason (as views show them beside the field with ``refusal.add_to_form``)."""
        for message in refusal.messages:
            self.message_user(request, message, messages.ERROR)

    def save_model(self, request, obj, form, change):
        changes = _changes(form) if change else {}
        super().save_model(request, obj, form, change)
        record(
            verb=AdminEvent.CHANGE if change else AdminEvent.ADD,
            by=request.user,
            target=obj,
            description=str(
                _("Changed in the back office") if change else _("Added in the back office")
            ),
            data={"changes": changes},
            **_audit_links(obj),
        )

    def save_formset(self, request, form, formset, change):
        changed = [(f.instance, _changes(f), f.instance.pk is None) for f in formset.forms
                   if f.has_changed() and f not in formset.deleted_forms]  # fmt: skip
        deleted = [f.instance for f in formset.deleted_forms if f.instance.pk]
        for obj in deleted:
            _record_delete(request, obj)
        super().save_formset(request, form, formset, change)
        for obj, changes, added in changed:
            record(
                verb=AdminEvent.ADD if added else AdminEvent.CHANGE,
                by=request.user,
                target=obj,
                description=str(
                    _("Added in the back office") if added else _("Changed in the back office")
                ),
                data={"changes": changes},
                **_audit_links(obj),
            )

    def delete_refusal(self, obj) -> str:
        """Why this object is kept although staff may delete others of its kind ("" if not).

        Used when ``has_delete_permission(request, obj)`` refuses one object: its delete page
        then opens and says why, instead of a bare 403; the POST is still refused."""
        return ""

    def delete_view(self, request, object_id, extra_context=None):
        if request.method in ("GET", "HEAD") and self.has_delete_permission(request):
            obj = self.get_object(request, unquote(object_id))
            if obj is not None and not self.has_delete_permission(request, obj):
                return self._delete_refused(request, obj)
        return super().delete_view(request, object_id, extra_context)

    def _delete_refused(self, request, obj):
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Cannot be deleted"),
            "subtitle": str(obj),
            "opts": opts,
            "object": obj,
            "reason": self.delete_refusal(obj) or gettext("This is kept: it cannot be deleted."),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/delete_refused.html", context)

    def delete_model(self, request, obj):
        _record_delete(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            _record_delete(request, obj)
        super().delete_queryset(request, queryset)


@admin.register(Event)
class EventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit trail: read-only for everyone, append-only in the database."""

    list_display = ["created_at", "actor_name", "verb", "target_repr", "from_label", "to_label"]
    list_filter = ["verb", "created_at"]
    search_fields = ["actor_name", "verb", "target_repr", "reason", "description"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    # A state is stored as its code ("submitted"); shown in the reader's language. The codes
    # are the English words of the apps' status choices, so their catalogues translate them.
    @admin.display(description=_("from"), ordering="from_state")
    def from_label(self, obj):
        return gettext(obj.from_state) if obj.from_state else ""

    @admin.display(description=_("to"), ordering="to_state")
    def to_label(self, obj):
        return gettext(obj.to_state) if obj.to_state else ""


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The mail outbox: what went out, what waits for another try, what failed for good.
    Read-only; "Send again" calls the service (portal.mail.mail_resend)."""

    list_display = ["created_at", "recipients", "subject", "state", "attempts", "sent_at"]
    list_filter = ["state", "created_at"]
    search_fields = ["subject", "to", "message_id"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    actions = ["send_again"]
    readonly_fields = [
        "created_at", "to", "reply_to", "subject", "message_id", "state", "attempts",
        "next_attempt_at", "claimed_until", "sent_at", "last_error", "text",
    ]  # fmt: skip
    exclude = ["html"]

    @admin.display(description=_("to"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        from portal.mail import mail_resend

        for mail in queryset:
            mail_resend(mail=mail, by=request.user)
        self.message_user(
            request, _("%(count)s mail(s) will be sent again.") % {"count": queryset.count()}
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The scheduled jobs' runs (portal/scheduler.py): when each ran and how it went. Read-only."""

    list_display = ["job", "slot", "started_at", "finished_at", "outcome"]
    list_filter = ["outcome", "job"]
    date_hierarchy = "started_at"
    show_full_result_count = False
    readonly_fields = ["job", "slot", "started_at", "finished_at", "outcome", "detail"]


# allauth's email admin offers "mark as verified" to anybody who can open the list, read-only
# staff included (an action without ``allowed_permissions`` is always offered). Register it
# again with the action reserved for staff who may change email addresses, and audited.
import allauth.account.admin as allauth_account_admin  # noqa: E402 - registers allauth's first
from allauth.account.models import EmailAddress  # noqa: E402


class EmailAddressAdmin(AuditedModelAdmin, allauth_account_admin.EmailAddressAdmin):
    # Each address's login by name and institution (``User.__str__``), read with the rows.
    list_select_related = ["user__person__institution"]

    @admin.action(
        permissions=["change"], description=_("Mark selected email addresses as verified")
    )
    def make_verified(self, request, queryset):
        return super().make_verified(request, queryset)


if admin.site.is_registered(EmailAddress):
    admin.site.unregister(EmailAddress)
admin.site.register(EmailAddress, EmailAddressAdmin)

# allauth's sessions admin searches a ``username`` our logins do not have (a search failed with
# an error) and reads each row's login with queries of its own: register it again.
import allauth.usersessions.admin as allauth_usersessions_admin  # noqa: E402
from allauth.usersessions.models import UserSession  # noqa: E402


class UserSessionAdmin(allauth_usersessions_admin.UserSessionAdmin):
    search_fields = ["user__email", "user__person__last_name", "ip"]
    list_select_related = ["user__person__institution"]


if admin.site.is_registered(UserSession):
    admin.site.unregister(UserSession)
admin.site.register(UserSession, UserSessionAdmin)


class ReminderKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return kind_choices()

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """What the daily reminders sent, to whom and about what (e.g. the RSA tokens that expire)."""

    list_display = ["sent_at", "kind_label", "person", "what", "due_date", "moment"]
    list_filter = [ReminderKindFilter, "sent_at"]
    search_fields = ["what", "person__last_name", "person__first_name"]
    list_select_related = ["person__institution"]
    date_hierarchy = "sent_at"

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj):
        return kind_label(obj.kind)


@admin.register(CbsDigest)
class CbsDigestAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["sent_at", "recipient", "event_count"]
    search_fields = ["recipient"]
    date_hierarchy = "sent_at"


class ServiceLevelForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("kind of work"))

    class Meta:
        model = ServiceLevel
        fields = ["kind", "working_days", "days"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in workqueue.work_kinds()]
        if self.instance.pk:
            self.fields["kind"].disabled = True


@admin.register(ServiceLevel)
class ServiceLevelAdmin(admin.ModelAdmin):
    """The service level per kind of the work queue, set by CBS (without a row: the default of
    the kind's registration). Saved through ``service_level_set``."""

    form = ServiceLevelForm
    list_display = ["__str__", "working_days", "days"]

    def save_model(self, request, obj, form, change):
        try:
            saved = service_level_set(
                kind=form.cleaned_data["kind"],
                working_days=form.cleaned_data["working_days"],
                days=form.cleaned_data["days"],
                by=request.user,
            )
        except Refusal as refusal:
            for message in refusal.messages:
                self.message_user(request, message, messages.ERROR)
            return
        obj.pk = saved.pk


@admin.register(WorkSummary)
class WorkSummaryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["sent_at", "recipient", "week", "item_count"]
    list_select_related = ["recipient__person__institution"]
