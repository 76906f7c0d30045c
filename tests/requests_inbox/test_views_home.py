import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_inbox.models import Action, ActionKind, ActionStatus
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db

HOME = reverse("portal:home")


def _at(days_ago: int, hour: int = 8, minute: int = 0):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _action(person, *, created, completed=None, **fields):
    action = ActionFactory(person=person, **fields)
    Action.objects.filter(pk=action.pk).update(created_at=created, completed_at=completed)
    return action


def test_open_actions_newest_first_with_dutch_dates_and_statuses(client_of, leader):
    person = leader.person
    _action(person, created=_at(2, 8, 36), kind=ActionKind.NEW_CONTACT_PERSON,
            subject="Nieuw contactpersoon", status=ActionStatus.UPLOAD_DOCUMENT)  # fmt: skip
    _action(person, created=_at(2, 8, 55), kind=ActionKind.USER_DECLARATION,
            subject="Gebruikersverklaring", status=ActionStatus.TO_SIGN)  # fmt: skip
    _action(person, created=_at(2, 8, 47), kind=ActionKind.CONFIDENTIALITY,
            subject="Geheimhoudingsverklaring", status=ActionStatus.UPLOAD_DOCUMENT)  # fmt: skip
    done = _action(person, created=_at(5), completed=_at(1), subject="Vraag van CBS",
                   status=ActionStatus.ANSWERED)  # fmt: skip

    response = client_of(leader).get(HOME)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Openstaande acties" in text and "Verzonden" in text
    assert 'aria-current="page">Openstaande acties' in text
    day = _at(2).strftime("%d-%m-%Y")
    first = text.index(f"{day} 08:55")
    assert first < text.index(f"{day} 08:47") < text.index(f"{day} 08:36")
    assert "Ter ondertekening" in text and "Document uploaden" in text
    assert "Vraag van CBS" not in text
    assert reverse("requests_inbox:detail", args=[done.pk]) not in text
    for action in Action.objects.open():
        assert reverse("requests_inbox:detail", args=[action.pk]) in text


def test_sent_tab_shows_completed_actions_with_outcome(client_of, leader):
    done = _action(leader.person, created=_at(5), completed=_at(1, 10, 15), subject="Vraag van CBS",
                   status=ActionStatus.ANSWERED)  # fmt: skip
    _action(leader.person, created=_at(2), subject="Nog open")
    text = client_of(leader).get(HOME, {"tab": "verzonden"}).content.decode()
    assert 'aria-current="page">Verzonden' in text
    assert "Vraag van CBS" in text and "Beantwoord" in text
    assert _at(1, 10, 15).strftime("%d-%m-%Y 10:15") in text
    assert reverse("requests_inbox:detail", args=[done.pk]) in text
    assert "Nog open" not in text


def test_only_own_actions(client_of, leader, researcher):
    _action(researcher.person, created=_at(1), subject="Van een ander")
    text = client_of(leader).get(HOME).content.decode()
    assert "Van een ander" not in text
    assert "Je hebt geen openstaande acties." in text


def test_paginated_and_queries_do_not_grow(client_of, leader):
    for n in range(3):
        _action(leader.person, created=_at(n), subject=f"Actie {n}")
    client = client_of(leader)
    client.get(HOME)  # the first request of a session also records the session
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    for n in range(3, 25):
        _action(leader.person, created=_at(n), subject=f"Actie {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(HOME)
    assert len(many) == len(few)
    text = response.content.decode()
    assert text.count("Actie ") == 10
    assert "?tab=open&amp;page=2" in text
    page3 = client.get(HOME, {"tab": "open", "page": 3}).content.decode()
    assert page3.count("Actie ") == 5
    assert "Actie 24" in page3
    # A page out of range shows the last page, not an error.
    assert client.get(HOME, {"page": 99}).status_code == 200


def test_home_in_english(client_of, leader):
    _action(leader.person, created=_at(1), subject="Gebruikersverklaring",
            status=ActionStatus.TO_SIGN)  # fmt: skip
    text = client_of(leader).get("/en/").content.decode()
    assert "Open actions" in text and "To be signed" in text


def test_staff_without_person_sees_empty_lists(client_of, staff):
    response = client_of(staff).get(HOME)
    assert response.status_code == 200
    assert "Je hebt geen openstaande acties." in response.content.decode()


def test_awareness_action_opens_the_awareness_test(client_of, leader):
    from requests_inbox.models import ActionKind, ActionStatus
    from tests.factories import ActionFactory

    action = ActionFactory(
        person=leader.person,
        kind=ActionKind.AWARENESS_TEST,
        subject="Awarenesstoets",
        status=ActionStatus.TO_TAKE,
    )
    response = client_of(leader).get(reverse("requests_inbox:detail", args=[action.pk]))
    assert response.status_code == 302
    assert response.url == reverse("awareness:index")


def test_standard_subjects_follow_the_readers_language_but_own_subjects_stay(client_of, leader):
    ActionFactory(
        person=leader.person,
        kind=ActionKind.USER_DECLARATION,
        subject="Gebruikersverklaring",
        status=ActionStatus.TO_SIGN,
    )
    ActionFactory(
        person=leader.person,
        kind=ActionKind.QUESTION,
        subject="Vraag over uw bestand",
        status=ActionStatus.TO_ANSWER,
    )
    english = client_of(leader).get("/en/").content.decode()
    assert "User declaration" in english and "Gebruikersverklaring" not in english
    assert "Vraag over uw bestand" in english
    assert "Gebruikersverklaring" in client_of(leader).get("/").content.decode()


def test_each_row_names_its_project_in_both_tabs_with_constant_queries(client_of, signatory):
    """A Tekenbevoegde of several projects tells "Beoordelen kostenoverzicht" apart by the project
    (number and title) in the row; the rows are read in the same queries however many projects."""
    from tests.factories import ProjectFactory

    person = signatory.person
    client = client_of(signatory)

    def rows(tab):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(HOME, {"tab": tab})
            text = response.content.decode()
        assert response.status_code == 200, response
        return text, len(queries)

    first = ProjectFactory(institution=person.institution, title="Zorggebruik en inkomen")
    _action(person, created=_at(1), kind=ActionKind.COST_REVIEW, subject="",
            status=ActionStatus.TO_REVIEW, project=first)  # fmt: skip
    _action(person, created=_at(3), completed=_at(1), kind=ActionKind.COST_REVIEW, subject="",
            status=ActionStatus.AGREED, project=first)  # fmt: skip
    rows("open")  # the session's first request records it (usersessions)
    _, open_count = rows("open")
    _, sent_count = rows("verzonden")
    for number in range(4):
        project = ProjectFactory(institution=person.institution, title=f"Ander onderzoek {number}")
        _action(person, created=_at(2), kind=ActionKind.COST_REVIEW, subject="",
                status=ActionStatus.TO_REVIEW, project=project)  # fmt: skip
        _action(person, created=_at(4), completed=_at(2), kind=ActionKind.COST_REVIEW,
                subject="", status=ActionStatus.AGREED, project=project)  # fmt: skip
    for tab, count in (("open", open_count), ("verzonden", sent_count)):
        text, queries = rows(tab)
        assert queries == count
        assert f"Beoordelen kostenoverzicht – {first.number} Zorggebruik en inkomen</a>" in text
        assert text.count("Beoordelen kostenoverzicht – ") == 5
