"""Rapportages in the real browser, as Jan Visser sees it with the demo data: axe finds nothing
in Dutch or English (also with a wrong period), every chart loads as an image under the
Content Security Policy, and each chart and its table are reached with the keyboard."""

import pytest
from django.urls import reverse

from reports.series import SERIES
from tests.browser.test_accessibility import STAFF, demo, readable, sign_in, visit_all

__all__ = ["demo"]  # the fixture, used by name

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_axe_finds_nothing_on_rapportages(page, demo, language):
    sign_in(page, STAFF)
    page_url = reverse("admin:reports_report_changelist")
    urls = [page_url, page_url + "?start=2026-05-01&end=2026-01-31"]
    report = visit_all(page, urls, language, at_least=2)
    assert not report, "axe found violations:" + readable(report)


def test_every_chart_loads_and_is_reached_with_the_keyboard(page, demo):
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    sign_in(page, STAFF)
    page.goto(reverse("admin:reports_report_changelist"))
    images = page.locator("main img")
    assert images.count() == len(SERIES)
    # Each SVG was loaded and drawn: an image that failed has no natural width.
    widths = images.evaluate_all("(all) => all.map((img) => img.complete && img.naturalWidth)")
    assert all(widths), widths
    assert not [text for text in refused if "Content Security Policy" in text], refused

    focused = set()
    for _ in range(400):
        page.keyboard.press("Tab")
        focused.add(page.evaluate("document.activeElement.className"))
        href = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if href.startswith(reverse("admin:reports_report_csv", args=["lapsing"])):
            break
    assert {"reports-image", "reports-table"} <= focused
