"""The one kind of registry the lower apps own and the higher ones fill (portal.registry)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.registry import Registry


def test_values_by_order_then_key_and_grouped_by_value():
    places = Registry()
    places.register("b.html", "panels", order=20)
    places.register("a.html", "panels", order=20)
    places.register("c.html", "actions", order=10)
    assert list(places) == ["actions", "panels", "panels"]
    assert places.keys() == ["c.html", "a.html", "b.html"]
    assert places.keys_by_value() == {"actions": ["c.html"], "panels": ["a.html", "b.html"]}
    assert places["a.html"] == "panels" and places.get("x.html") is None
    assert "c.html" in places and len(places) == 3


def test_as_a_decorator_and_a_key_only_once():
    steps = Registry()

    @steps("first", order=1)
    def first():
        return 1

    assert steps["first"] is first
    with pytest.raises(ImproperlyConfigured):
        steps.register("first", lambda: 2)
    steps.unregister("first")
    assert len(steps) == 0


def test_the_apps_fill_the_registries_of_the_apps_below():
    from accounts.registry import my_details
    from portal.frame import links
    from projects.registry import project_page, readiness_steps
    from requests_inbox.models import ActionKind
    from requests_inbox.registry import action_pages

    assert project_page.keys_by_value()["panels"] == ["changes/_project_panels.html"]
    assert project_page.keys_by_value()["documents"] == [
        "requests_inbox/_project_cost_overviews.html",
        "agreements/_project_agreement_row.html",
    ]
    assert ActionKind.AGREEMENT_SIGNING in action_pages
    assert "awareness" in readiness_steps
    assert my_details.keys_by_value() == {
        "top": ["projects/_ra_readiness.html"],
        "column": ["awareness/_my_details.html"],
    }
    assert {link.url_name for link in links} >= {"accounts:my_details", "projects:list"}
