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


# --- The README's demo table, line by line ------------------------------------------------------


def main_text(page, path: str) -> str:
    response = page.goto(path)
    assert response.status == 200, f"{path}: HTTP {response.status}"
    return page.locator("main").inner_text()


def test_readme_promises_to_piet(page, demo):
    sign_in(page, PIET)
    home = main_text(page, "/")
    for action in ("Gebruikersverklaring", "Geheimhoudingsverklaring", "Nieuw contactpersoon"):
        assert action in home
    assert "Awarenesstoets" in home
    assert re.search(r"Beoordelen kostenoverzicht – 10015 ", home)
    assert "Nieuw bericht" in home  # the unread answer of CBS on 10014, under Openstaande acties
    assert re.search(r"Projecten\s*\d", page.locator("nav").first.inner_text())

    demo_request = main_text(page, "/projecten/10014/")
    assert "Demo projectaanvraag" in demo_request and "Oriëntatie" in demo_request
    assert whose_turn(page) == "jij"
    assert page.locator(".cbs-timeline a").count() >= 1  # the next step, linked

    assert "Meekijker" in main_text(page, "/projecten/10013/")
    details = main_text(page, "/mijn-gegevens/")
    assert "Wat moet ik nog doen" in details and "Verloopt binnenkort" in details

    main_text(page, "/projecten/10016/")
    assert "RA gereed" in page.locator("#team thead").inner_text()

    preparing = main_text(page, "/projecten/10017/")
    assert "Woonmobiliteit van jongeren" in preparing and "Data voorbereiden" in preparing

    running = main_text(page, "/projecten/10021/")
    assert "Gezondheid en werk na pensionering" in running and "Lopend" in running
    assert "Einddatum verlengen" in running and "In behandeling bij CBS" in running
    assert "Aanpassen" in running  # the output check CBS asked to adjust
    assert "Doorwerken na de AOW-leeftijd" in main_text(page, "/projecten/10021/?docs=publications")

    closed = main_text(page, "/projecten/10041/")
    assert "Gezondheid en werk 2015-2020" in closed and "Afgesloten" in closed
    assert "Kopiëren als nieuw project" in closed
    closing = main_text(page, "/projecten/10042/")
    assert "Pendelgedrag van jonge werkenden" in closing and "Afsluiting aangevraagd" in closing

    assert "Token voor Remote Access verlopen" in main_text(page, "/klantenservice/vragen/")

    changes = main_text(page, "/projecten/10013/wijzigingen/")
    assert "Versie 2" in changes and "Versie 1" in changes
    bijlage_1 = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("Bijlage 1"))
    )
    assert "Opmerking van CBS" in bijlage_1.inner_text()


def test_readme_promises_to_gerro_and_patricia(page, demo):
    sign_in(page, GERRO)
    assert "Accountaanvragen" in main_text(page, "/accountaanvragen/")
    assert main_text(page, "/contactpersonen/")
    leader = main_text(page, "/projecten/10013/")
    assert "Externe projectleider" in leader
    home = main_text(page, "/")
    assert "Ondertekenen projectovereenkomst – 10016 Zorggebruik en inkomen" in home
    page.get_by_role("link", name=re.compile("^Ondertekenen projectovereenkomst")).click()
    assert "Projectovereenkomst" in page.locator("main").inner_text()
    assert page.locator("input[name=typed_name]").count() == 1
    assert page.locator("input[name=password]").count() == 1
    page.context.clear_cookies()
    sign_in(page, "patricia.bouwer@example.nl")
    assert "Onderzoeker" in main_text(page, "/projecten/10014/")


def test_readme_promises_to_cbs_staff(page, demo):
    sign_in(page, STAFF)
    page.goto("/admin/projects/project/?q=10042")
    page.locator("#result_list tbody th a, #result_list tbody td a").first.click()
    title = page.locator("#content h2, #content h1").all_inner_texts()
    tools = page.locator(".object-tools").inner_text()
    assert "afsluiten" in tools.lower(), (title, tools)
    queue = main_text(page, "/admin/changes/outputcheck/")
    overdue = page.locator("td.field-overdue").all_inner_texts()
    assert "Ja" in overdue, queue  # overdue flagged
    dates = page.locator("td.field-asked_at, th.field-asked_at").all_inner_texts()
    assert dates == sorted(dates, key=lambda d: (d[6:10], d[3:5], d[:2], d[11:]))  # oldest first
    digests = main_text(page, "/admin/portal/cbsdigest/")
    assert page.locator("#result_list tbody tr").count() >= 1, digests
    for path in (
        "/admin/requests_inbox/costoverview/",
        "/admin/agreements/agreement/",
        "/admin/agreements/datafilepreparation/",
        "/admin/agreements/remoteaccessreadiness/",
        "/admin/changes/changerequest/",
        "/admin/messaging/thread/",
    ):
        main_text(page, path)
        assert page.locator("#result_list tbody tr").count() >= 1, path
