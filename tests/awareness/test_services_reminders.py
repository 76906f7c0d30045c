import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awareness.services import attempt_start, attempt_submit, awareness_actions_refresh
from portal.models import Event
from requests_inbox.models import Action, ActionKind, ActionStatus
from tests.awareness.conftest import answers, build_test
from tests.conftest import make_user
from tests.factories import AttemptFactory, PersonFactory

pytestmark = pytest.mark.django_db


def awareness_actions(person):
    return Action.objects.filter(person=person, kind=ActionKind.AWARENESS_TEST)


def passed(person, test, *, valid_until, number=1):
    return AttemptFactory(
        person=person,
        test=test,
        number=number,
        submitted_at=timezone.now(),
        passed=True,
        valid_until=valid_until,
    )


def test_someone_who_never_passed_gets_one_open_action_and_an_email(
    ra_user, awareness_test, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = awareness_actions_refresh()
    assert result.created == 1
    action = awareness_actions(ra_user.person).get()
    assert action.subject == "Awarenesstoets"
    assert action.status == ActionStatus.TO_TAKE
    assert action.is_open and action.regarding == "Awarenesstoets 2024"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [ra_user.email]
    assert "Awarenesstoets" in mail.subject
    assert "Beste Piet," in mail.body
    assert "http://127.0.0.1:8000/awarenesstoets/" in mail.body
    assert Event.objects.filter(verb="awareness.reminders").count() == 1


def test_refresh_is_idempotent(
    ra_user, awareness_test, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        awareness_actions_refresh()
        second = awareness_actions_refresh()
    assert second.created == 0
    assert awareness_actions(ra_user.person).count() == 1
    assert len(mailoutbox) == 1
    assert Event.objects.filter(verb="awareness.reminders").count() == 1


def test_mail_in_the_persons_language(
    ra_user, awareness_test, mailoutbox, django_capture_on_commit_callbacks
):
    ra_user.person.language = "en"
    ra_user.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        awareness_actions_refresh()
    assert "Dear Piet," in mailoutbox[0].body
    assert "/en/awarenesstoets/" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("days_left", "due"),
    [(-1, True), (0, True), (30, True), (31, False), (300, False)],
)
def test_expired_or_expiring_within_30_days_is_due(ra_user, awareness_test, days_left, due):
    today = datetime.date(2026, 6, 1)
    passed(ra_user.person, awareness_test, valid_until=today + datetime.timedelta(days=days_left))
    awareness_actions_refresh(today=today)
    assert awareness_actions(ra_user.person).exists() is due


def test_only_people_with_an_account_and_remote_access(ra_user, awareness_test, institution):
    without_pid = make_user(institution, pid_code="")
    inactive = make_user(institution, pid_code="PID3")
    inactive.is_active = False
    inactive.save()
    no_account = PersonFactory(institution=institution, pid_code="PID4")
    awareness_actions_refresh()
    assert awareness_actions(ra_user.person).count() == 1
    assert not Action.objects.filter(
        person__in=[without_pid.person, inactive.person, no_account]
    ).exists()


def test_without_an_active_test_nobody_is_asked(ra_user, db, mailoutbox):
    build_test()  # not active
    assert awareness_actions_refresh().created == 0
    assert not Action.objects.exists()


def test_passing_completes_the_action_in_the_same_transaction(ra_user, awareness_test):
    awareness_actions_refresh()
    action = awareness_actions(ra_user.person).get()
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    attempt_submit(attempt=attempt, answers=answers(awareness_test), by=ra_user)
    action.refresh_from_db()
    assert not action.is_open
    assert action.status == ActionStatus.PASSED
    assert action.completed_by == ra_user
    # And the refresh does not bring it back.
    assert awareness_actions_refresh().created == 0
    assert not awareness_actions(ra_user.person).open().exists()


def test_failing_keeps_the_action_open(ra_user, awareness_test):
    awareness_actions_refresh()
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    attempt_submit(attempt=attempt, answers=answers(awareness_test, wrong=3), by=ra_user)
    action = awareness_actions(ra_user.person).get()
    assert action.is_open and action.status == ActionStatus.TO_TAKE


def test_the_action_comes_back_when_the_pass_expires(ra_user, awareness_test):
    awareness_actions_refresh()
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    attempt = attempt_submit(attempt=attempt, answers=answers(awareness_test), by=ra_user)
    later = attempt.valid_until - datetime.timedelta(days=10)
    assert awareness_actions_refresh(today=later).created == 1
    assert awareness_actions(ra_user.person).open().count() == 1
    assert awareness_actions(ra_user.person).count() == 2


def test_action_withdrawn_when_remote_access_ends(ra_user, awareness_test):
    awareness_actions_refresh()
    ra_user.person.pid_code = ""
    ra_user.person.save()
    result = awareness_actions_refresh()
    assert result.withdrawn == 1
    action = awareness_actions(ra_user.person).get()
    assert action.status == ActionStatus.WITHDRAWN and not action.is_open


def test_number_of_queries_does_not_grow_with_the_people(awareness_test, institution):
    make_user(institution, pid_code="PID-A")
    with CaptureQueriesContext(connection) as few:
        awareness_actions_refresh()
    for n in range(6):
        make_user(institution, pid_code=f"PID-B{n}")
    with CaptureQueriesContext(connection) as many:
        assert awareness_actions_refresh().created == 6
    # Constant but for the one outbox row each mail is (portal.mail: written with the change).
    outbox = [q for q in many.captured_queries if "portal_outgoingmail" in q["sql"]]
    assert len(many) - len(outbox) == len(few) - 1 and len(outbox) == 6


def test_management_command(ra_user, awareness_test, capsys):
    call_command("send_reminders", "--kind", "awareness")
    assert "awareness: 1 sent" in capsys.readouterr().out
    call_command("send_reminders", "--kind", "awareness", "--today", "2030-01-01")
    assert "awareness: 0 sent" in capsys.readouterr().out
    assert awareness_actions(ra_user.person).count() == 1


def test_mail_says_until_when_the_pass_is_valid(
    ra_user, awareness_test, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    passed(ra_user.person, awareness_test, valid_until=today + datetime.timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        awareness_actions_refresh(today=today)
    until = (today + datetime.timedelta(days=20)).strftime("%d-%m-%Y")
    assert f"Je awarenesstoets is geldig tot {until}." in mailoutbox[0].body
    action = awareness_actions(ra_user.person).get()
    assert until in action.body
