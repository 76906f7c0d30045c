import datetime

import pytest

from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_switches_to_english_and_back_and_lists_institutions(page):
    InstitutionFactory(
        name="AFAS Software",
        authorization_start=datetime.date(2024, 4, 1),
        authorization_end=datetime.date(2099, 4, 30),
    )
    page.goto("/")
    assert "welkom bij CBS Microdata Services!" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "nl"

    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "welcome to CBS Microdata Services!" in page.locator("h1").inner_text()

    page.get_by_role("link", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"

    page.get_by_role("main").get_by_role("link", name="Over Microdata Services").click()
    assert page.locator("h1").inner_text() == "Over Microdata Services"
    rows = page.locator("#authorized-institutions tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td").all_inner_texts()
    assert cells == ["AFAS Software", "01-04-2024", "30-04-2099"]

    # The switch keeps you on the same page.
    page.get_by_role("link", name="English").click()
    assert page.url.endswith("/en/over-microdata-services/")
    assert page.locator("h1").inner_text() == "About Microdata Services"
