"""The back office's admin site: Django's, without the navigation sidebar, building its list of
apps only where a page shows it.

INSTALLED_APPS names ``PortalAdminConfig`` instead of django.contrib.admin, so ``admin.site``
is this site (Django's way to replace the default site)."""

import hashlib
from collections.abc import Sequence

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _


def permissions_key(user) -> str:
    """A key of what ``user`` may see in the back office: what the admin shows depends on the
    user's permissions only (the ModelAdmins' checks without an object read those)."""
    permissions = ",".join(sorted(user.get_all_permissions()))
    return hashlib.sha256(f"{user.is_superuser}:{permissions}".encode()).hexdigest()


class AppList(Sequence):
    """The apps and models ``request``'s user may see (Django's ``get_app_list``), built when a
    page first reads it and then kept for the request: ``each_context`` hands it to every admin
    page for the sidebar, which is off, so only the index reads it (once)."""

    def __init__(self, build):
        self._build = build
        self._apps = None

    def _list(self) -> list:
        if self._apps is None:
            self._apps = self._build()
        return self._apps

    def __getitem__(self, index):
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())


class PortalAdminSite(admin.AdminSite):
    # Django's navigation sidebar lists all ~35 models on every page: building that list and
    # rendering it cost 8 of a small page's 22 ms of CPU (3-4 ms the list, 4-5 ms the sidebar's
    # HTML, 25 KB of it; measured with Django's test client on the scale-1 data). Staff navigate
    # by the index (the work queue and every model, grouped by app) and the breadcrumbs on each
    # page, which lead back to the app and the index.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        """Django's list, built when a page reads it, at most once a request (``AppList``)."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        if not hasattr(request, "_portal_app_list"):
            request._portal_app_list = AppList(
                lambda: super(PortalAdminSite, self).get_app_list(request)
            )
        return request._portal_app_list

    def index(self, request, extra_context=None):
        """Django's index, whose list of every model (grouped by app) is a cached fragment
        (templates/admin/index.html) per set of permissions: building and rendering it cost
        16.5 of the index's 25 ms of CPU without the work queue, a cache read about 0.5 ms
        (Django's test client on the scale-1 data). The list depends on nothing else of the
        user (``permissions_key``)."""
        key = permissions_key(request.user)
        return super().index(request, {"app_list_key": key, **(extra_context or {})})

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
