import datetime

import pytest
from django.utils import timezone

from awareness.models import Answer, Attempt
from awareness.services import (
    attempt_start,
    attempt_submit,
    awareness_status,
    awareness_test_activate,
    awareness_test_new_version,
    score_answers,
)
from portal.models import Event
from portal.refusals import Refusal
from tests.awareness.conftest import answers, build_test
from tests.factories import AttemptFactory

pytestmark = pytest.mark.django_db


def submit(attempt, **kwargs):
    return attempt_submit(
        attempt=attempt, answers=answers(attempt.test, **kwargs), by=attempt.person.user
    )


def test_start_numbers_attempts_and_continues_an_open_one(ra_user, awareness_test):
    first = attempt_start(person=ra_user.person, by=ra_user)
    assert first.number == 1
    assert first.description == "Awarenesstoets 2024 - Toets 1--P. Bakker"
    # Starting again while it is open continues the same attempt: no second row.
    assert attempt_start(person=ra_user.person, by=ra_user) == first
    assert Attempt.objects.count() == 1
    assert Event.objects.filter(verb="awareness.attempt_start").count() == 1


def test_start_without_active_test_is_refused(ra_user, db):
    build_test()  # inactive
    with pytest.raises(Refusal):
        attempt_start(person=ra_user.person, by=ra_user)
    assert not Attempt.objects.exists()


def test_all_right_passes_and_is_valid_for_the_configured_days(ra_user, awareness_test, settings):
    settings.AWARENESS_VALIDITY_DAYS = 365
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    now = timezone.now()
    result = attempt_submit(attempt=attempt, answers=answers(awareness_test), by=ra_user, now=now)
    assert (result.correct, result.total, result.score, result.passed) == (5, 5, 100, True)
    assert result.valid_until == timezone.localdate(now) + datetime.timedelta(days=365)
    assert Answer.objects.filter(attempt=attempt).count() == 5
    event = Event.objects.get(verb="awareness.attempt_submit")
    assert event.person == ra_user.person and event.data["passed"] is True


def test_validity_period_is_a_setting(ra_user, awareness_test, settings):
    settings.AWARENESS_VALIDITY_DAYS = 30
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    result = submit(attempt)
    assert result.valid_until == timezone.localdate() + datetime.timedelta(days=30)


def test_pass_mark_boundary(ra_user, db):
    # 5 questions, pass mark 80%: 4 right passes (80%), 3 right fails (60%).
    test = build_test(pass_mark=80, is_active=True)
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    assert submit(attempt, wrong=1).passed is True
    assert attempt.test == test
    second = attempt_start(person=ra_user.person, by=ra_user)
    result = submit(second, wrong=2)
    assert (result.correct, result.score, result.passed, result.valid_until) == (3, 60, False, None)


def test_score_rounds_down_so_that_score_and_passing_agree(db):
    # 9 of 11 is 81.8%: score 81, passes 80; 79.5 must never show as 80 and fail.
    test = build_test(required=11, optional=0, pass_mark=82)
    questions = list(test.questions.prefetch_related("choices"))
    chosen = {q.pk: next(c for c in q.choices.all() if c.is_correct) for q in questions[:9]}
    result = score_answers(test=test, questions=questions, answers=chosen)
    assert (result.correct, result.total, result.score, result.passed) == (9, 11, 81, False)


def test_unanswered_optional_question_counts_as_not_correct(ra_user, awareness_test):
    # 4 required right, the optional one skipped: 4 of 5 = 80%, exactly the pass mark.
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    result = submit(attempt, skip=(4,))
    assert (result.correct, result.total, result.score, result.passed) == (4, 5, 80, True)
    assert Answer.objects.filter(attempt=attempt).count() == 4


def test_unanswered_optional_question_can_make_you_fail(ra_user, awareness_test):
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    result = submit(attempt, wrong=1, skip=(4,))
    assert (result.correct, result.total, result.passed) == (3, 5, False)


def test_unanswered_required_question_is_refused_and_nothing_saved(ra_user, awareness_test):
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    with pytest.raises(Refusal):
        submit(attempt, skip=(0,))
    attempt.refresh_from_db()
    assert attempt.submitted_at is None
    assert not Answer.objects.exists()


def test_choice_of_another_question_is_refused(ra_user, awareness_test):
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    given = answers(awareness_test)
    first, second = list(given)[:2]
    given[first] = given[second]
    with pytest.raises(Refusal):
        attempt_submit(attempt=attempt, answers=given, by=ra_user)
    assert not Answer.objects.exists()


def test_submitted_attempt_cannot_be_submitted_again(ra_user, awareness_test):
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    submit(attempt, wrong=3)
    with pytest.raises(Refusal):
        submit(attempt)
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.correct == 2
    assert Answer.objects.filter(attempt=attempt).count() == 5


def test_retry_after_failing_is_a_fresh_attempt_and_all_are_kept(ra_user, awareness_test):
    failed = submit(attempt_start(person=ra_user.person, by=ra_user), wrong=3)
    with pytest.raises(Refusal, match="opnieuw maken vanaf"):
        attempt_start(person=ra_user.person, by=ra_user)
    Attempt.objects.filter(pk=failed.pk).update(
        submitted_at=failed.submitted_at - datetime.timedelta(hours=24)
    )
    retry = attempt_start(person=ra_user.person, by=ra_user)
    assert retry.pk != failed.pk and retry.number == 2
    assert retry.description == "Awarenesstoets 2024 - Toets 2--P. Bakker"
    passed = submit(retry)
    assert passed.passed
    assert list(Attempt.objects.filter(person=ra_user.person).order_by("number")) == [
        failed,
        retry,
    ]
    failed.refresh_from_db()
    assert failed.passed is False


def test_attempt_of_a_replaced_test_cannot_be_submitted(ra_user, awareness_test, staff):
    attempt = attempt_start(person=ra_user.person, by=ra_user)
    newer = awareness_test_new_version(test=awareness_test, by=staff)
    awareness_test_activate(test=newer, by=staff)
    with pytest.raises(Refusal):
        submit(attempt)
    fresh = attempt_start(person=ra_user.person, by=ra_user)
    assert fresh.test == newer and fresh.number == 1


def test_awareness_status(ra_user, awareness_test):
    person = ra_user.person
    today = timezone.localdate()
    assert awareness_status(person) is None
    AttemptFactory(
        person=person,
        test=awareness_test,
        number=1,
        submitted_at=timezone.now() - datetime.timedelta(days=400),
        passed=True,
        valid_until=today - datetime.timedelta(days=35),
    )
    assert awareness_status(person) is None  # expired
    AttemptFactory(person=person, test=awareness_test, number=2, passed=False)
    assert awareness_status(person) is None
    submitted = timezone.now() - datetime.timedelta(days=10)
    AttemptFactory(
        person=person,
        test=awareness_test,
        number=3,
        submitted_at=submitted,
        passed=True,
        valid_until=today + datetime.timedelta(days=355),
    )
    assert awareness_status(person) == {
        "passed_at": timezone.localdate(submitted),
        "valid_until": today + datetime.timedelta(days=355),
    }
    # On its last day a pass is still valid; the day after it is not.
    last_day = today + datetime.timedelta(days=355)
    assert awareness_status(person, today=last_day) is not None
    assert awareness_status(person, today=last_day + datetime.timedelta(days=1)) is None


def test_activate_deactivates_the_others(staff, awareness_test):
    other = build_test(year=2025)
    awareness_test_activate(test=other, by=staff)
    awareness_test.refresh_from_db()
    other.refresh_from_db()
    assert other.is_active and not awareness_test.is_active
    assert Event.objects.filter(verb="awareness.test_activate").count() == 1


def test_activate_refuses_a_test_without_questions_or_right_answers(staff, db):
    from tests.factories import AwarenessTestFactory, ChoiceFactory, QuestionFactory

    empty = AwarenessTestFactory()
    with pytest.raises(Refusal):
        awareness_test_activate(test=empty, by=staff)
    ChoiceFactory(question=QuestionFactory(test=empty), is_correct=False)
    with pytest.raises(Refusal):
        awareness_test_activate(test=empty, by=staff)
    empty.refresh_from_db()
    assert not empty.is_active


def test_new_version_is_a_deep_inactive_copy(staff, awareness_test, ra_user):
    submit(attempt_start(person=ra_user.person, by=ra_user))
    copy = awareness_test_new_version(test=awareness_test, by=staff)
    assert (copy.name, copy.year, copy.version, copy.is_active) == (
        awareness_test.name,
        awareness_test.year,
        2,
        False,
    )
    original = [
        (q.position, q.text, q.required, [(c.text, c.is_correct, c.why) for c in q.choices.all()])
        for q in awareness_test.questions.prefetch_related("choices")
    ]
    copied = [
        (q.position, q.text, q.required, [(c.text, c.is_correct, c.why) for c in q.choices.all()])
        for q in copy.questions.prefetch_related("choices")
    ]
    assert copied == original
    # Editing the copy leaves the original (and its results) alone.
    copy.questions.update(text="Nieuw")
    assert not awareness_test.questions.filter(text="Nieuw").exists()
    assert awareness_test_new_version(test=awareness_test, by=staff).version == 3


def test_the_waiting_time_before_a_retry_is_set_on_the_test(ra_user, awareness_test):
    from awareness.services import retry_from

    awareness_test.retry_wait_hours = 2
    awareness_test.save()
    now = timezone.now()
    attempt_submit(
        attempt=attempt_start(person=ra_user.person, by=ra_user),
        answers=answers(awareness_test, wrong=3),
        by=ra_user,
        now=now - datetime.timedelta(hours=1),
    )
    assert retry_from(ra_user.person, awareness_test, now=now) == now + datetime.timedelta(hours=1)
    with pytest.raises(Refusal):
        attempt_start(person=ra_user.person, by=ra_user)
    Attempt.objects.update(submitted_at=now - datetime.timedelta(hours=2, seconds=1))
    assert retry_from(ra_user.person, awareness_test) is None
    assert attempt_start(person=ra_user.person, by=ra_user).number == 2


def test_a_new_version_keeps_the_waiting_time_and_the_default_is_a_day(ra_user, awareness_test):
    assert awareness_test.retry_wait_hours == 24
    awareness_test.retry_wait_hours = 48
    awareness_test.save()
    copy = awareness_test_new_version(test=awareness_test, by=None)
    assert copy.retry_wait_hours == 48
