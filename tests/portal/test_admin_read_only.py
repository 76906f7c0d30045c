"""What the back office only shows is read-only one way: ``ReadOnlyMixin`` (portal.admin)."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from portal.admin import ReadOnlyMixin
from portal.staff import OWN_APPS

pytestmark = pytest.mark.django_db


def _admins():
    """Our apps' admins and their inlines (third-party admins keep their own ways)."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OWN_APPS:
            continue
        yield model_admin
        for inline_class in model_admin.inlines:
            yield inline_class(model_admin.model, admin.site)


def _refuses_every_write(model_admin, request) -> bool:
    add = (
        model_admin.has_add_permission(request, None)
        if isinstance(model_admin, admin.options.InlineModelAdmin)
        else model_admin.has_add_permission(request)
    )
    return not any(
        (
            add,
            model_admin.has_change_permission(request),
            model_admin.has_delete_permission(request),
        )
    )


def test_every_admin_that_refuses_all_writes_is_read_only_through_the_mixin(staff):
    request = RequestFactory().get("/admin/")
    request.user = staff
    read_only = [a for a in _admins() if _refuses_every_write(a, request)]
    assert len(read_only) >= 10  # the audit trail, reminders, attempts, answers, signatures, ...
    assert [type(a).__qualname__ for a in read_only if not isinstance(a, ReadOnlyMixin)] == []
