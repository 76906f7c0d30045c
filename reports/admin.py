"""Rapportages in the back office: the page with every chart and its table, each chart's SVG
and each series' CSV, for staff with "Can view report" (others: the admin's login or 403)."""

import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_safe

from portal.admin import ReadOnlyMixin
from reports.charts import render
from reports.forms import FilterForm
from reports.keep import kept_chart, kept_filters, kept_series
from reports.models import Report
from reports.series import SECTIONS, SERIES

# The chart's own response: pygal's inline <style> may apply, nothing else may load or run.
SVG_POLICY = {"default-src": [CSP.NONE], "style-src": [CSP.UNSAFE_INLINE]}


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("", view(self.page_view), name="reports_report_changelist"),
            path("<slug:chart>.svg", view(self.chart_view), name="reports_report_chart"),
            path("<slug:chart>.csv", view(self.csv_view), name="reports_report_csv"),
        ]

    def _filters(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = FilterForm(request.GET)
        return form, (form.filters() if form.is_valid() else None)

    def _series(self, request, chart):
        """The function of the series ``chart`` and the filters, or 404."""
        form, filters = self._filters(request)
        if chart not in SERIES:
            raise Http404
        if filters is None:
            raise Http404
        return SERIES[chart], filters

    @method_decorator(require_safe)
    def page_view(self, request):
        form, filters = self._filters(request)
        query = request.GET.urlencode()
        sections = []
        if filters is not None:
            for section in SECTIONS:
                charts = []
                for function in section.series:
                    series = kept_series(function, filters)
                    suffix = f"?{query}" if query else ""
                    charts.append(
                        {
                            "series": series,
                            "svg_url": reverse("admin:reports_report_chart", args=[series.key])
                            + suffix,
                            "csv_url": reverse("admin:reports_report_csv", args=[series.key])
                            + suffix,
                        }
                    )
                sections.append({"title": section.title, "charts": charts})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Reports"),
            "form": form,
            # Its list of every institution took a third of the page's CPU: kept.
            "filters_form": kept_filters(
                form, query, lambda: render_to_string("reports/_filters.html", {"form": form})
            ),
            "filters": filters,
            "sections": sections,
        }
        return TemplateResponse(
            request, "reports/page.html", context, status=200 if filters else 400
        )

    @method_decorator(csp_override(SVG_POLICY))
    @method_decorator(require_safe)
    def chart_view(self, request, chart):
        function, filters = self._series(request, chart)
        no_data = _("No data in this period")
        return HttpResponse(
            kept_chart(function, filters, lambda series: render(series, no_data=no_data)),
            content_type="image/svg+xml; charset=utf-8",
        )

    @method_decorator(require_safe)
    def csv_view(self, request, chart):
        series = kept_series(*self._series(request, chart))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{series.key}.csv"'
        writer = csv.writer(response)
        writer.writerow([series.label, *series.columns])
        for row in series.rows:
            writer.writerow(["" if value is None else value for value in row])
        return response
