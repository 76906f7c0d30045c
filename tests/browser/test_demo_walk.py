"""A walk through a fresh demo in the browser, the README's demo table as the guide: what each
demo person is promised there is what they see."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PIET = "piet.bakker@example.nl"
GERRO = "gerro.dejager@example.nl"
STAFF = "medewerker@cbs.example.nl"


@pytest.fixture
def demo(db):
    cache.clear()  # the logins per minute are counted in the cache
    call_command("load_demo", stdout=io.StringIO())


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def whose_turn(page) -> str:
    """What the timeline says after "Aan zet"."""
    return page.locator(".cbs-timeline__turn").inner_text().strip()


def test_the_timeline_names_the_signatory_while_the_agreement_waits_for_gerro(page, demo):
    """10016 waits for Gerro's signature: Piet reads that the Tekenbevoegde is to act, Gerro
    that it is him; CBS is not the one waited for."""
    sign_in(page, PIET)
    page.goto("/projecten/10016/")
    assert whose_turn(page) == "de Tekenbevoegde"
    assert "Wacht op CBS" not in page.locator(".cbs-timeline").inner_text()
    page.context.clear_cookies()
    sign_in(page, GERRO)
    page.goto("/projecten/10016/")
    assert whose_turn(page) == "jij"
    assert re.search("Ondertekenen projectovereenkomst", page.locator(".cbs-timeline").inner_text())


def test_the_leader_sees_ra_ready_in_the_team_table_after_orientation(page, demo):
    """10016 awaits its agreement: Piet, its leader, sees who of the team is ready for the RA."""
    sign_in(page, PIET)
    page.goto("/projecten/10016/")
    team = page.locator("#team table")
    assert "RA gereed" in team.locator("thead").inner_text()


def test_readiness_says_what_is_still_to_do_in_the_team_table_and_the_admin(page, demo):
    """Not ready reads as "Nog te doen: …" (what to do), with what is done apart."""
    sign_in(page, PIET)
    page.goto("/projecten/10016/")
    cells = page.locator('#team td[data-label="RA gereed"]').all_inner_texts()
    assert any(cell.strip().startswith("Nog te doen:") for cell in cells), cells
    assert not any("ondertekend" in cell.split("Gedaan:")[0] for cell in cells), cells
    page.context.clear_cookies()
    sign_in(page, STAFF)
    page.goto("/admin/agreements/remoteaccessreadiness/")
    assert page.get_by_role("heading", name=re.compile("Gereed voor Remote Access")).count()
    cells = page.locator("td.field-ra_ready").all_inner_texts()
    assert any(cell.startswith("Nog te doen:") for cell in cells), cells
    assert not any("ondertekend" in cell.split("Gedaan:")[0] for cell in cells), cells


def test_open_actions_name_their_project(page, demo):
    """Home's Openstaande acties say which project an action is about (number and title)."""
    sign_in(page, GERRO)
    page.goto("/")
    link = page.get_by_role("link", name=re.compile("^Ondertekenen projectovereenkomst"))
    assert link.inner_text() == "Ondertekenen projectovereenkomst – 10016 Zorggebruik en inkomen"
    page.context.clear_cookies()
    sign_in(page, PIET)
    page.goto("/")
    link = page.get_by_role("link", name=re.compile("^Beoordelen kostenoverzicht"))
    assert re.fullmatch(r"Beoordelen kostenoverzicht – 10015 \S.*", link.inner_text())
    link.click()
    assert "10015" in page.locator("main").inner_text()


def test_admin_and_portal_show_the_same_dutch_time_for_an_event(page, demo):
    """Admin → 10042 → Geschiedenis and Piet's Geschiedenis of 10042 name the same moments."""
    stamp = re.compile(r"\d\d-\d\d-\d{4} \d\d:\d\d")
    sign_in(page, PIET)
    page.goto("/projecten/10042/geschiedenis/")
    portal_times = set(stamp.findall(page.locator("main table").inner_text()))
    page.context.clear_cookies()
    sign_in(page, STAFF)
    page.goto("/admin/projects/project/?q=10042")
    page.locator("#result_list tbody th a, #result_list tbody td a").first.click()
    history = page.locator(".field-history table").inner_text()
    admin_times = set(stamp.findall(history))
    assert portal_times and admin_times
    assert admin_times <= portal_times, (admin_times, portal_times)
