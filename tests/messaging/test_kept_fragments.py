"""The page frame and Home's rows are kept ({% cache %}, cache "fragments") by everything they
show: what changes is shown on the next page, never what was kept before."""

import pytest
from django.urls import reverse
from django.utils import translation

from requests_inbox.models import Action, ActionStatus
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_menus_count_and_homes_rows_follow_reading(
    project, leader, answered_thread, client_of, committed
):
    conversation = reverse("messaging:project", args=[project.number])
    for _ in range(2):  # the second page from what was kept
        page = client_of(leader).get(reverse("portal:customer_service")).content.decode()
        assert "cbs-badge" in page
        assert conversation in client_of(leader).get(reverse("portal:home")).content.decode()
    with committed():
        client_of(leader).get(conversation)
    page = client_of(leader).get(reverse("portal:customer_service")).content.decode()
    assert "cbs-badge" not in page
    assert conversation not in client_of(leader).get(reverse("portal:home")).content.decode()


def test_an_actions_new_status_shows_on_the_next_home(leader, client_of):
    action = ActionFactory(person=leader.person, status=ActionStatus.TO_SIGN)
    home = client_of(leader).get(reverse("portal:home")).content.decode()
    assert str(ActionStatus.TO_SIGN.label) in home
    Action.objects.filter(pk=action.pk).update(status=ActionStatus.UPLOAD_DOCUMENT)
    home = client_of(leader).get(reverse("portal:home")).content.decode()
    assert str(ActionStatus.UPLOAD_DOCUMENT.label) in home
    assert str(ActionStatus.TO_SIGN.label) not in home


def test_the_menu_marks_the_page_asked(leader, client_of):
    client = client_of(leader)
    home = client.get(reverse("portal:home")).content.decode()
    service = client.get(reverse("portal:customer_service")).content.decode()
    home_link = f'<a href="{reverse("portal:home")}" aria-current="page">Home</a>'
    assert home_link in home and home_link not in service
    assert 'aria-current="page">Klantenservice' in service
    with translation.override("en"):
        english = client.get(reverse("portal:customer_service")).content.decode()
    assert 'aria-current="page">Customer service' in english


def test_the_empty_message_form_is_kept_per_language_and_one_with_errors_is_live(
    project, leader, question, client_of
):
    client = client_of(leader)
    conversation = reverse("messaging:project", args=[project.number])
    for _ in range(2):  # the second page from what was kept
        page = client.get(conversation).content.decode()
        assert "Je bericht" in page and "cbs-form-errors" not in page
    with translation.override("en"):
        english = reverse("messaging:project", args=[project.number])
        assert "Your message" in client.get(english).content.decode()
    send = reverse("messaging:project_send", args=[project.number])
    refused = client.post(send, {"body": ""}).content.decode()
    assert "cbs-form-errors" in refused  # rendered live, beside the field
    for url in (conversation, reverse("messaging:question", args=[question.pk])):
        page = client.get(url).content.decode()  # the same kept fields on both pages
        assert "Je bericht" in page and "cbs-form-errors" not in page
