"""The portal's URLs plus ``/benchmarks/ceiling``: the cheapest Django view through the same
middleware, server and session (the ceiling each page is compared with). Only served by
``benchmarks.wsgi`` (settings ``benchmarks.settings``), never by the portal itself."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from portal.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401


@require_safe
def ceiling(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("benchmarks/ceiling", ceiling, name="benchmark_ceiling"), *urlpatterns]
