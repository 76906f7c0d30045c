from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import metrics, views

admin.site.site_header = _("CBS Microdata Services – back office")
admin.site.site_title = _("CBS Microdata Services")
admin.site.index_title = _("Back office")
# Staff sign in through the portal's own login (rate limits, MFA), never a second login form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("readyz", views.readyz, name="readyz"),
    path("metrics", metrics.metrics, name="metrics"),
    # The read-only API for institutions' own systems (not per language).
    path("api/v1/", include("institutions.api_urls")),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("", include("portal.public_urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("projecten/", include("projects.urls")),
    path("projecten/", include("changes.urls")),
    path("dienstencatalogus/", include("projects.catalogue_urls")),
    path("acties/", include("requests_inbox.urls")),
    path("", include("messaging.urls")),
    path("awarenesstoets/", include("awareness.urls")),
    path("overeenkomsten/", include("agreements.urls")),
    path("mijn-instelling/", include("institutions.urls")),
    prefix_default_language=False,
)

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler403 = "portal.views.permission_denied"
handler500 = "portal.views.server_error"

if settings.DEBUG:
    urlpatterns += [path("__debug__/ping", views.healthz, name="debug_ping")]
