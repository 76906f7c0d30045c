"""Closing a project in the back office: CBS sets the archive period (projects.services_closure)."""

from django import forms
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.forms import posted
from projects.lifecycle import MOVES
from projects.services_closure import default_archive_until, project_close


class CloseForm(forms.Form):
    archive_until = forms.DateField(
        label=_("Archive until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "After this day the project's documents and the personal data it holds are removed."
        ),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)


class ClosureAdminMixin:
    """For ProjectAdmin: the "Close" button and its page (archive period, then the service)."""

    closure_fields = ["closed_on", "archive_until", "archive_removed_at", "copied_from"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Closure and archive"), {"fields": self.closure_fields}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.closure_fields]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["may_close"] = bool(
            obj is not None
            and obj.status in MOVES["close"].sources
            and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def close_view(self, request, pk):
        """ "Afsluiten" with the archive period (the model admin's ObjectPagesMixin page)."""
        project = self.object_for(request, pk, change=True)
        if project.status not in MOVES["close"].sources:
            raise Http404
        initial = {"archive_until": default_archive_until(timezone.localdate())}
        return self.object_form_page(
            request,
            project,
            title=f"{MOVES['close'].label}: {project}",
            submit=MOVES["close"].label,
            form=CloseForm(**posted(request), initial=initial),
            write=lambda data: project_close(
                project=project,
                by=request.user,
                archive_until=data["archive_until"],
                reason=data["reason"],
            ),
            done=lambda: (
                _("The project has been closed; its archive is kept until %(date)s.")
                % {"date": project.archive_until.strftime("%d-%m-%Y")}
            ),
            template="admin/projects/project/move.html",
            extra_context={"move": MOVES["close"]},
        )
