"""Closing a project in the back office: CBS sets the archive period (projects.services_closure)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.refusals import Refusal
from projects.lifecycle import MOVES
from projects.models import Project
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

    def get_urls(self):
        return [
            path(
                "<path:object_id>/close/",
                self.admin_site.admin_view(self.close_view),
                name="projects_project_close",
            ),
            *super().get_urls(),
        ]

    def close_view(self, request, object_id):
        project = get_object_or_404(Project, pk=object_id)
        if not self.has_change_permission(request, project):
            raise PermissionDenied
        if project.status not in MOVES["close"].sources:
            raise Http404
        change_url = reverse("admin:projects_project_change", args=[project.pk])
        initial = {"archive_until": default_archive_until(timezone.localdate())}
        form = CloseForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                project_close(
                    project=project,
                    by=request.user,
                    archive_until=form.cleaned_data["archive_until"],
                    reason=form.cleaned_data["reason"],
                )
            except Refusal as refusal:
                for text in refusal.messages:
                    messages.error(request, text)
            else:
                messages.success(
                    request,
                    _("The project has been closed; its archive is kept until %(date)s.")
                    % {"date": project.archive_until.strftime("%d-%m-%Y")},
                )
                return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": project,
            "move": MOVES["close"],
            "form": form,
            "change_url": change_url,
            "title": f"{MOVES['close'].label}: {project}",
        }
        return TemplateResponse(request, "admin/projects/project/move.html", context)
