"""A leader's whole request in a real browser, with the rich-text editor under our strict CSP:
create project → fill and finalize the three bijlagen → add a Tekenbevoegde → add a file and a
service → submit for review."""

import datetime

import pytest
from django.utils import timezone

from projects.models import Bijlage, BijlageStatus, Project, Role, Status, TeamMember
from tests.conftest import make_user
from tests.factories import DataFileFactory, InstitutionFactory, PersonFactory, ServiceFactory

pytestmark = pytest.mark.django_db(transaction=True)


AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


def _assert_accessible(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]
    ]
    assert violations == [], f"{page.url}: {violations}"


def _editor(page, label):
    field = page.locator(".cbs-form-field", has=page.locator("label", has_text=label))
    return field.locator(".ck-editor__editable")


def _fill_rich(page, label, text):
    editable = _editor(page, label)
    editable.click()
    editable.fill(text)


def _sign_in(page, live_server, user):
    """Sign in by session cookie (the login form itself is tested by the accounts app)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_leader_requests_a_project_end_to_end(page, live_server):
    institution = InstitutionFactory(name="AFAS Software")
    leader = make_user(institution, first_name="Piet", last_name="Bakker", initials="P.")
    PersonFactory(
        institution=institution,
        first_name="Gerro",
        prefix="de",
        last_name="Jager",
        is_signatory=True,
    )
    DataFileFactory(code="B99999", name="Bestand serviceportal")
    ServiceFactory(code="D99999", name="Dienst serviceportal")
    problems = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    _sign_in(page, live_server, leader)
    page.goto("/projecten/")
    _assert_accessible(page)
    page.get_by_role("link", name="Aanmaken nieuw project").click()
    _editor(page, "Doel van het microdataproject").wait_for()
    _assert_accessible(page)
    start = timezone.localdate() + datetime.timedelta(days=14)
    page.get_by_label("Titel van het onderzoek").fill("Armoede onder jongeren")
    page.get_by_label("Gewenste startdatum").fill(start.isoformat())
    page.get_by_label("Verwachte einddatum").fill(
        (start + datetime.timedelta(days=1000)).isoformat()
    )
    _fill_rich(page, "Doel van het microdataproject", "Inzicht in armoede onder jongeren.")
    page.get_by_role("button", name="Aanmaken").click()
    page.wait_for_load_state()
    project = Project.objects.get(title="Armoede onder jongeren")
    assert "Armoede onder jongeren" in page.locator("h1").inner_text()
    assert "Inzicht in armoede" in Bijlage.objects.get(project=project, kind=1).sections["goal"]

    texts = {
        1: {
            "Probleemstelling / onderzoeksvragen": "Hoe ontwikkelt armoede zich?",
            "Benodigde data en koppelingen": "Inkomens- en huishoudensgegevens.",
            "Analysemethoden": "Panelregressie.",
        },
        2: {
            "Beoogde publicaties": "Een artikel en een rapport.",
            "Verwachte data": "Eind 2027.",
        },
        3: {
            "Grondslag voor de verwerking": "Artikel 6 lid 1 sub e AVG.",
            "Doel van de verwerking": "Wetenschappelijk onderzoek naar armoede.",
            "Waarborgen en dataminimalisatie": "Alleen geaggregeerde output.",
        },
    }
    for kind, sections in texts.items():
        page.goto(f"/projecten/{project.number}/bijlagen/{kind}/")
        if kind == 3:
            _editor(page, "Doel van de verwerking").wait_for()
            _assert_accessible(page)
        for label, text in sections.items():
            _fill_rich(page, label, text)
        if kind == 1:
            page.get_by_role("button", name="Opslaan").click()
            page.wait_for_load_state()
            assert Bijlage.objects.get(project=project, kind=1).status == BijlageStatus.DRAFT
            page.goto(f"/projecten/{project.number}/bijlagen/{kind}/")
        page.get_by_role("button", name="Definitief maken").click()
        page.wait_for_load_state()
        bijlage = Bijlage.objects.get(project=project, kind=kind)
        assert bijlage.status == BijlageStatus.FINAL, page.content()[:3000]
    assert (
        Bijlage.objects.get(project=project, kind=1).sections["methods"] == "<p>Panelregressie.</p>"
    )

    page.goto(f"/projecten/{project.number}/")
    assert "nog niet mogelijk" in page.content()
    _assert_accessible(page)
    # The team panel's button (the timeline links the same page as the next step).
    page.locator(f'#team a[href="/projecten/{project.number}/team/nieuw/"]').click()
    _assert_accessible(page)
    page.get_by_label("Naam").select_option(label="AFAS Software - Gerro de Jager")
    page.get_by_label("Rol").select_option(label="Tekenbevoegde (TB)")
    page.get_by_label("Functie").fill("Hoofd onderzoeksafdeling")
    page.get_by_role("button", name="Aanmaken").click()
    page.wait_for_load_state()
    assert TeamMember.objects.filter(project=project, role=Role.SIGNATORY).exists()

    page.goto(f"/projecten/{project.number}/bestanden/nieuw/")
    _assert_accessible(page)
    page.get_by_label("Maatwerk").check()
    _fill_rich(page, "Toelichting", "Ik wil graag een maatwerkbestand.")
    page.get_by_label("Bijlagen").set_input_files(
        files=[
            {
                "name": "verzoek.pdf",
                "mimeType": "application/pdf",
                "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
            }
        ]
    )
    page.get_by_role("button", name="Aanmaken").click()
    page.wait_for_load_state()
    assert project.files.get().documents.count() == 1

    page.goto(f"/projecten/{project.number}/diensten/nieuw/")
    page.locator("#id_service").select_option(label="Dienst serviceportal (D99999)")
    page.get_by_role("button", name="Aanmaken").click()
    page.wait_for_load_state()
    assert project.services.count() == 1

    page.goto(f"/projecten/{project.number}/")
    page.locator("#id_move").select_option(label="Indienen ter beoordeling")
    page.get_by_role("button", name="Wijzig").click()
    page.wait_for_load_state()
    project.refresh_from_db()
    assert project.status == Status.SUBMITTED
    assert "Ingediend ter beoordeling" in page.content()
    _assert_accessible(page)
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
