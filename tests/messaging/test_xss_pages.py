"""The XSS payloads, sent as messages, come out harmless on the pages that show them."""

import re

import pytest
from django.urls import reverse

from messaging import services
from tests.quality.test_xss import LINK_PAYLOADS, PAYLOADS, harm_in

pytestmark = pytest.mark.django_db


def _thread_markup(page: str) -> str:
    match = re.search(r'<ol class="cbs-thread">.*?</ol>', page, re.S)
    assert match, "no conversation on the page"
    return match.group(0)


def test_payloads_in_a_project_conversation_are_harmless(project, leader, cbs_contact,
                                                         client_of, admin_client):  # fmt: skip
    for payload in PAYLOADS + LINK_PAYLOADS:
        services.project_message_send(project=project, by=leader, body=payload)
    thread = services.project_thread(project)
    services.cbs_reply(thread=thread, by=cbs_contact, body=PAYLOADS[0], internal=True)
    page = client_of(leader).get(reverse("messaging:project", args=[project.number]))
    markup = _thread_markup(page.content.decode())
    assert markup.count("cbs-message__body") == len(PAYLOADS + LINK_PAYLOADS)
    assert harm_in(markup) == []
    admin_page = admin_client.get(reverse("admin:messaging_thread_change", args=[thread.pk]))
    shown = re.findall(r'<div class="cbs-admin-message".*?<hr>', admin_page.content.decode(), re.S)
    assert len(shown) == len(PAYLOADS + LINK_PAYLOADS) + 1  # with the internal note
    assert harm_in("".join(shown)) == []


def test_payloads_in_a_question_subject_and_body_are_harmless(leader, client_of):
    thread = services.question_ask(by=leader, subject=PAYLOADS[0], body=PAYLOADS[3])
    page = client_of(leader).get(reverse("messaging:question", args=[thread.pk])).content.decode()
    assert harm_in(_thread_markup(page)) == []
    assert "<script>alert(1)</script>" not in page
    listing = client_of(leader).get(reverse("messaging:questions")).content.decode()
    assert "<script>alert(1)</script>" not in listing
