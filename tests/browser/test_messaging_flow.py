"""Asking and answering, keyboard only, in both languages: a researcher asks CBS a question on
Klantenservice, CBS answers it in the admin, the researcher sees the unread answer beside
"Projecten"/on Home and reads it; and a message on a project's Berichten."""

import re

import pytest
from playwright.sync_api import expect

from messaging.models import Message, Thread
from tests.conftest import make_user
from tests.factories import InstitutionFactory, ProjectFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _tab_to(page, locator, limit=80):
    """Press Tab until ``locator`` has the focus: reachable by keyboard, in page order. In the
    admin, past its navigation sidebar by the skip link first, as a keyboard user does."""
    at_start = page.evaluate("document.activeElement === document.body")
    if "/admin/" in page.url and at_start:
        skip = page.locator("a.skip-to-content-link")
        page.keyboard.press("Tab")
        if skip.evaluate("element => element === document.activeElement"):
            page.keyboard.press("Enter")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"not reachable with Tab: {locator}")


def _type_into(page, locator, text):
    _tab_to(page, locator)
    page.keyboard.type(text)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_ask_cbs_and_read_the_answer_with_the_keyboard(page, live_server, language):
    prefix = "/en" if language == "en" else ""
    words = {
        "nl": dict(ask="Vraag stellen", subject="Onderwerp", question="Je vraag", send="Versturen",
                   answer="Beantwoorden", body="Bericht", save="Opslaan", mine="Mijn vragen"),
        "en": dict(ask="Ask a question", subject="Subject", question="Your question", send="Send",
                   answer="Answer", body="Message", save="Save", mine="My questions"),
    }[language]  # fmt: skip
    institution = InstitutionFactory(name="AFAS Software")
    researcher = make_user(institution, first_name="Piet", last_name="Bakker", language=language)
    staff = UserFactory(person=None, is_staff=True, is_superuser=True, email="jan@cbs.nl")

    _sign_in(page, live_server, researcher)
    page.goto(f"{prefix}/klantenservice/")
    _tab_to(page, page.get_by_role("link", name=words["ask"], exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/klantenservice/vragen/nieuw/$"))
    # Sent empty: the error sits beside the field and nothing is sent.
    _type_into(page, page.get_by_label(words["question"]), "Mijn token is verlopen.")
    _tab_to(page, page.get_by_role("button", name=words["send"]))
    page.keyboard.press("Enter")
    expect(page.locator("#id_subject_error")).to_be_visible()
    expect(page.get_by_label(words["question"])).to_have_value("Mijn token is verlopen.")
    _type_into(page, page.get_by_label(words["subject"]), "Token verlopen")
    _tab_to(page, page.get_by_role("button", name=words["send"]))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/klantenservice/vragen/\d+/$"))
    expect(page.locator(".cbs-thread")).to_contain_text("Mijn token is verlopen.")
    thread = Thread.objects.get(project__isnull=True)
    assert thread.waiting_since is not None

    # CBS answers in the admin, keyboard only.
    page.context.clear_cookies()
    _sign_in(page, live_server, staff)
    page.goto(f"{prefix}/admin/messaging/thread/{thread.pk}/change/")
    _tab_to(page, page.get_by_role("link", name=words["answer"], exact=True))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/admin/messaging/thread/\d+/reply/$"))
    _type_into(
        page, page.get_by_label(words["body"]), "Je nieuwe token is onderweg: https://www.cbs.nl/ra"
    )
    _tab_to(page, page.get_by_role("button", name=words["save"]))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/change/(#content-start)?$"))
    assert Message.objects.filter(thread=thread, from_cbs=True).count() == 1

    # The researcher: one unread answer under Mijn vragen and on Home, until read.
    page.context.clear_cookies()
    _sign_in(page, live_server, researcher)
    page.goto(f"{prefix}/")
    answer_row = page.get_by_role("link", name=re.compile("Token verlopen"))
    _tab_to(page, answer_row)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/klantenservice/vragen/\d+/$"))
    expect(page.locator(".cbs-thread")).to_contain_text("Je nieuwe token is onderweg")
    expect(page.locator(".cbs-thread a[href='https://www.cbs.nl/ra']")).to_be_visible()
    page.goto(f"{prefix}/")
    expect(page.get_by_role("link", name=re.compile("Token verlopen"))).to_have_count(0)
    page.goto(f"{prefix}/klantenservice/vragen/")
    expect(page.locator("main")).to_contain_text("Token verlopen")


def test_a_message_on_the_project_with_the_keyboard(page, live_server):
    institution = InstitutionFactory(name="AFAS Software")
    leader = make_user(institution, first_name="Piet", last_name="Bakker")
    project = ProjectFactory(institution=institution, title="Inkomens van zzp'ers")
    TeamMemberFactory(project=project, person=leader.person, role="leader")
    _sign_in(page, live_server, leader)
    page.goto(f"/projecten/{project.number}/")
    _tab_to(page, page.get_by_role("link", name="Berichten"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/berichten/$"))
    _type_into(page, page.get_by_label("Je bericht"), "Mogen we SPOLIS 2023 gebruiken?")
    _tab_to(page, page.get_by_role("button", name="Versturen"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/berichten/#bericht-\d+$"))
    expect(page.locator(".cbs-thread")).to_contain_text("Mogen we SPOLIS 2023 gebruiken?")
    assert Thread.objects.get(project=project).waiting_since is not None
