"""``/api/v1/``: the API's own URL patterns (``institutions.api``), included by the root URLs
under the namespace ``api-v1``."""

from institutions.api import api

urlpatterns = api.urls[0]
app_name = "api-v1"
