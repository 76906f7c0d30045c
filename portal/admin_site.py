"""The back office's admin site: Django's, building its list of apps once a request.

INSTALLED_APPS names ``PortalAdminConfig`` instead of django.contrib.admin, so ``admin.site``
is this site (Django's way to replace the default site)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        """Django's list, made once a request: the index asks for it twice (its own list and
        the sidebar's, from ``each_context``), each time checking four permissions and reversing
        two addresses for every registered model (about 5 ms a time, issue 22)."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        if not hasattr(request, "_portal_app_list"):
            request._portal_app_list = super().get_app_list(request)
        return request._portal_app_list

    def get_urls(self):
        return [
            path("gezondheid/", self.admin_view(self.health), name="health"),
            *super().get_urls(),
        ]

    def health(self, request):
        """The operators' page: readiness in full (portal/health.py), for any CBS staff member."""
        from portal.health import readiness

        context = {
            **self.each_context(request),
            "title": _("Health of the portal"),
            "results": readiness(),
        }
        return TemplateResponse(request, "admin/health.html", context)


class PortalAdminConfig(AdminConfig):
    default_site = "portal.admin_site.PortalAdminSite"
