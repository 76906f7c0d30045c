"""Two people (or two tabs, or two workers) acting at once give one result. PostgreSQL only:
SQLite serializes writers anyway (IMMEDIATE transactions)."""

import threading

import pytest
from django.db import connection, connections

from awareness.models import Answer, Attempt
from awareness.services import attempt_start, attempt_submit, awareness_actions_refresh
from portal.refusals import Refusal
from requests_inbox.models import Action
from tests.awareness.conftest import answers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def at_once(func, n=2):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(func())
        except Exception as error:  # noqa: BLE001 - collected for the assertions
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_two_starts_give_one_attempt(ra_user, awareness_test):
    results, errors = at_once(lambda: attempt_start(person=ra_user.person, by=ra_user), n=4)
    assert errors == []
    assert Attempt.objects.count() == 1
    assert len({attempt.pk for attempt in results}) == 1


def test_two_submits_give_one_result(ra_user, awareness_test):
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    given = answers(awareness_test)
    results, errors = at_once(lambda: attempt_submit(attempt=attempt, answers=given, by=ra_user))
    assert len(results) == 1
    assert len(errors) == 1 and isinstance(errors[0], Refusal)
    assert Answer.objects.count() == 5


def test_two_refreshes_give_one_action(ra_user, awareness_test):
    results, errors = at_once(awareness_actions_refresh, n=3)
    assert errors == []
    assert sum(result.created for result in results) == 1
    assert Action.objects.count() == 1
