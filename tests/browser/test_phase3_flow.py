"""Uitvoering in the real browser: asking a change request and an output check with the keyboard
only, and axe on the pages of a running project (10021 of the demo) in both languages."""

import pytest
from django.urls import reverse

from changes.models import ChangeRequest, ChangeStatus
from tests.browser.test_accessibility import (
    RESEARCHER,
    axe_violations,
    demo,  # noqa: F401 - the fixture
    focused_label,
    readable,
    sign_in,
    tied_errors_problems,
    visit_all,
)

pytestmark = pytest.mark.django_db(transaction=True)
RUNNING = 10021


def _phase3_urls() -> list[str]:
    return [
        reverse("projects:detail", args=[RUNNING]),
        reverse("changes:change_new", args=[RUNNING]),
        *[
            reverse("changes:change_ask", args=[RUNNING, kind])
            for kind in (
                "add_researcher",
                "withdraw_researcher",
                "add_file",
                "add_service",
                "extend_end_date",
                "freeze",
            )  # fmt: skip
        ],
        reverse("changes:output_new", args=[RUNNING]),
    ]


def dismiss_cookie_notice(page):
    """As a visitor does once (the notice at the bottom covers the footer's links on a short
    page until then)."""
    page.goto(reverse("projects:detail", args=[RUNNING]))
    notice = page.locator(".cbs-cookie-notice button")
    if notice.count():
        with page.expect_navigation():
            notice.first.click()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_phase3_pages_pass_axe(page, demo, language):  # noqa: F811
    sign_in(page, RESEARCHER)
    dismiss_cookie_notice(page)
    report = visit_all(page, _phase3_urls(), language, at_least=9)
    assert not report, "axe found violations:" + readable(report)


def test_phase3_forms_with_errors_are_accessible(page, demo):  # noqa: F811
    sign_in(page, RESEARCHER)
    dismiss_cookie_notice(page)
    problems = {}
    for url in _phase3_urls()[2:]:
        page.goto(url)
        form = page.locator("main form[method=post]")
        form.evaluate("f => { f.noValidate = true; }")
        form.locator("[type=submit]").first.click()
        page.wait_for_load_state()
        assert page.locator("[aria-invalid=true]").count() > 0, url
        found = axe_violations(page) + tied_errors_problems(page)
        if found:
            problems[url] = found
    assert not problems, readable(problems)


def test_asking_a_change_request_with_the_keyboard_only(page, demo):  # noqa: F811
    sign_in(page, RESEARCHER)
    page.goto(reverse("projects:detail", args=[RUNNING]))
    # Tab to "Wijzigingsverzoek indienen" and follow it with Enter.
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused_label(page) == "Wijzigingsverzoek indienen":
            break
    else:
        pytest.fail("the link 'Wijzigingsverzoek indienen' is not reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused_label(page) == "Project tijdelijk bevriezen":
            break
    else:
        pytest.fail("the kind 'Project tijdelijk bevriezen' is not reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused_label(page).startswith("Toelichting"):
            page.keyboard.type("Twee onderzoekers met verlof tot juni.")
            break
    else:
        pytest.fail("the Toelichting is not reached with Tab")
    page.keyboard.press("Tab")
    assert focused_label(page) == "Verzoek indienen"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    change = ChangeRequest.objects.get(kind="freeze")
    assert change.status == ChangeStatus.SUBMITTED
    assert change.explanation == "Twee onderzoekers met verlof tot juni."
    assert "Je wijzigingsverzoek is naar CBS verstuurd." in page.locator("body").inner_text()
