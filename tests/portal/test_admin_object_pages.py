"""Pages of one object beside its admin change page are made one way: ``ObjectPagesMixin``
(portal.admin), with the one button page (``object_form_page``)."""

from django.contrib import admin

from portal.admin import ObjectPagesMixin
from portal.staff import OWN_APPS

DJANGOS_OWN = {"<path:object_id>/", "<path:object_id>/change/", "<path:object_id>/delete/",
               "<path:object_id>/history/"}  # fmt: skip


def test_every_page_of_one_object_is_an_object_page_of_the_mixin():
    stray, pages = [], 0
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OWN_APPS:
            continue
        own = {f"<int:pk>/{slug}/" for slug, _method in getattr(model_admin, "object_pages", ())}
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            if route in DJANGOS_OWN or not route.startswith(("<path:object_id>/", "<int:pk>/")):
                continue  # Django's own pages, and pages of the list (not of one object)
            if route in own and isinstance(model_admin, ObjectPagesMixin):
                pages += 1
            else:
                stray.append(f"{type(model_admin).__name__}: {route}")
    assert stray == []
    assert pages >= 20  # agreements, cost overviews, changes, messaging, declarations, projects
