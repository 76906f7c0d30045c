"""The institutions' API tokens and calls in the back office: read-only (tokens are made and
revoked by the account manager in the portal; calls are recorded by the API)."""

from django.contrib import admin

from institutions.models import ApiCall, ApiToken
from portal.admin import ReadOnlyMixin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "institution", "prefix", "created_at", "expires_at", "revoked_at",
                    "last_used_at"]  # fmt: skip
    list_filter = ["institution"]
    list_select_related = ["institution"]
    exclude = ["key_hash"]


@admin.register(ApiCall)
class ApiCallAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["at", "token", "method", "path", "status", "address"]
    list_filter = ["status"]
    list_select_related = ["token"]
    date_hierarchy = "at"
    show_full_result_count = False
