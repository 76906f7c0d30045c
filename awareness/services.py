"""Writes and questions of the awareness test (Awarenesstoets).

The person row is the lock of everything awareness does for one person: starting, submitting and
the reminder refresh all take ``select_for_update`` on it, so two of them at once give one result.
"""

import datetime
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Person
from awareness.events import AwarenessEvent
from awareness.models import Answer, Attempt, AwarenessTest, Choice, Question
from portal.audit import record
from portal.dutch_time import moment
from portal.refusals import Refusal
from portal.reminders import EVERYONE, forget_expiring
from projects.readiness import ra_persons
from requests_inbox.models import Action, ActionKind, ActionStatus
from requests_inbox.services import (
    actions_ask,
    actions_complete,
    actions_withdraw,
    open_actions_of_kind,
)

# A person gets the "Awarenesstoets" action this many days before their pass expires.
REMINDER_DAYS = 30
ACTION_SUBJECT = "Awarenesstoets"


# --- reading -------------------------------------------------------------------------------


def active_test() -> AwarenessTest | None:
    return AwarenessTest.objects.filter(is_active=True).first()


def awareness_test_is_locked(test: AwarenessTest) -> bool:
    """A test with attempts is frozen: changing it would rewrite past results. Version it."""
    return test.pk is not None and test.attempts.exists()


def awareness_status(person: Person, *, today: datetime.date | None = None) -> dict | None:
    """The latest pass that is still valid: {"passed_at": date, "valid_until": date}, or None."""
    today = today or timezone.localdate()
    attempt = (
        Attempt.objects.filter(person=person, passed=True, valid_until__gte=today)
        .order_by("-valid_until", "-submitted_at")
        .only("submitted_at", "valid_until")
        .first()
    )
    if attempt is None:
        return None
    return {
        "passed_at": timezone.localdate(attempt.submitted_at),
        "valid_until": attempt.valid_until,
    }


def passed_among(ids, today: datetime.date, remote=None) -> set:
    """The people among ``ids`` with a passed test that is still valid (a step of Remote Access
    readiness, projects.readiness), in one query."""
    return set(
        Attempt.objects.filter(person_id__in=ids, passed=True, valid_until__gte=today).values_list(
            "person_id", flat=True
        )
    )


def with_valid_until(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate ``awareness_valid_until``: the end of the person's latest pass (None: never)."""
    latest = Attempt.objects.filter(
        person=OuterRef("pk"), passed=True, valid_until__isnull=False
    ).order_by("-valid_until")
    return persons.annotate(awareness_valid_until=Subquery(latest.values("valid_until")[:1]))


def _due(persons: QuerySet[Person], *, today: datetime.date) -> QuerySet[Person]:
    """Those whose pass is missing, expired or expiring within REMINDER_DAYS."""
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    covered = Attempt.objects.filter(person=OuterRef("pk"), passed=True, valid_until__gt=horizon)
    return persons.exclude(Exists(covered))


def _open_actions() -> QuerySet[Action]:
    return open_actions_of_kind(ActionKind.AWARENESS_TEST)


# --- the test itself (back office) ---------------------------------------------------------


@transaction.atomic
def awareness_test_activate(*, test: AwarenessTest, by) -> AwarenessTest:
    """Make this the one test people take; every other test is deactivated."""
    tests = list(AwarenessTest.objects.select_for_update().order_by("pk"))
    locked = next((t for t in tests if t.pk == test.pk), None)
    if locked is None:
        raise Refusal(_("This test no longer exists."))
    if not locked.questions.exists():
        raise Refusal(_("A test without questions cannot be activated."))
    without_right_answer = locked.questions.exclude(choices__is_correct=True)
    if without_right_answer.exists():
        raise Refusal(_("Every question needs a correct answer before the test can be activated."))
    previous = [t for t in tests if t.is_active and t.pk != locked.pk]
    AwarenessTest.objects.filter(is_active=True).exclude(pk=locked.pk).update(is_active=False)
    if not locked.is_active:
        locked.is_active = True
        locked.save(update_fields=["is_active"])
    record(
        verb=AwarenessEvent.TEST_ACTIVATE,
        by=by,
        target=locked,
        description=_("Awareness test activated"),
        data={"deactivated": [str(t) for t in previous]},
    )
    test.is_active = True
    return locked


@transaction.atomic
def awareness_test_deactivate(*, test: AwarenessTest, by) -> AwarenessTest:
    updated = AwarenessTest.objects.filter(pk=test.pk, is_active=True).update(is_active=False)
    if updated:
        forget_expiring(EVERYONE)  # "Verloopt binnenkort" names the active test
        record(
            verb=AwarenessEvent.TEST_DEACTIVATE,
            by=by,
            target=test,
            description=_("Awareness test deactivated"),
        )
    test.is_active = False
    return test


@transaction.atomic
def awareness_test_new_version(*, test: AwarenessTest, by) -> AwarenessTest:
    """Deep-copy a test (questions, choices) as the next version of its year, inactive, to edit."""
    source = AwarenessTest.objects.select_for_update().get(pk=test.pk)
    latest = (
        AwarenessTest.objects.filter(year=source.year).aggregate(v=Max("version"))["v"]
        or source.version
    )
    copy = AwarenessTest.objects.create(
        name=source.name,
        year=source.year,
        version=latest + 1,
        pass_mark=source.pass_mark,
        retry_wait_hours=source.retry_wait_hours,
        is_active=False,
    )
    questions = list(source.questions.prefetch_related("choices"))
    choices = []
    for question in questions:
        new_question = Question.objects.create(
            test=copy,
            position=question.position,
            text=question.text,
            text_en=question.text_en,
            explanation=question.explanation,
            explanation_en=question.explanation_en,
            required=question.required,
        )
        choices += [
            Choice(
                question=new_question,
                position=choice.position,
                text=choice.text,
                text_en=choice.text_en,
                is_correct=choice.is_correct,
                why=choice.why,
                why_en=choice.why_en,
            )
            for choice in question.choices.all()
        ]
    Choice.objects.bulk_create(choices)
    record(
        verb=AwarenessEvent.TEST_NEW_VERSION,
        by=by,
        target=copy,
        description=_("New version of an awareness test made"),
        data={"from": source.pk, "version": copy.version},
    )
    return copy


# --- taking the test ------------------------------------------------------------------------


def _lock_person(person: Person) -> Person:
    return Person.objects.select_for_update().get(pk=person.pk)


def open_attempt(person: Person, test: AwarenessTest | None) -> Attempt | None:
    if test is None:
        return None
    return Attempt.objects.filter(person=person, test=test, submitted_at__isnull=True).first()


def retry_from(person: Person, test: AwarenessTest | None, *, now=None) -> datetime.datetime | None:
    """When the person may start a new attempt after failing this test; None: now.

    The waiting time (``retry_wait_hours``, set by CBS on the test) counts from the last
    failed attempt: failing, noting the questions and passing at once is no way through.
    """
    if test is None:
        return None
    failed_at = (
        Attempt.objects.filter(person=person, test=test, passed=False)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    if failed_at is None:
        return None
    moment = failed_at + datetime.timedelta(hours=test.retry_wait_hours)
    return moment if moment > (now or timezone.now()) else None


def attempt_questions(attempt: Attempt) -> list[Question]:
    """The attempt's questions, and each one's ``ordered_choices``, in the attempt's own order
    (drawn afresh for every attempt, the same on every page of that attempt)."""
    questions = list(attempt.test.questions.prefetch_related("choices"))
    order = random.Random(attempt.order_seed)
    order.shuffle(questions)
    for question in questions:
        question.ordered_choices = list(question.choices.all())
        order.shuffle(question.ordered_choices)
    return questions


@transaction.atomic
def attempt_start(*, person: Person, by) -> Attempt:
    """Start (or continue) the person's attempt at the active test; number = previous + 1."""
    _lock_person(person)
    test = active_test()
    if test is None or not test.questions.exists():
        raise Refusal(_("There is no awareness test to take at the moment."))
    existing = open_attempt(person, test)
    if existing is not None:
        return existing
    wait = retry_from(person, test)
    if wait is not None:
        raise Refusal(_("You can take the test again from %(moment)s.") % {"moment": moment(wait)})
    number = Attempt.objects.filter(person=person, test=test).count() + 1
    attempt = Attempt.objects.create(test=test, person=person, number=number)
    record(
        verb=AwarenessEvent.ATTEMPT_START,
        by=by,
        target=attempt,
        person=person,
        description=_("Awareness test started"),
    )
    return attempt


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    score: int
    passed: bool


def score_answers(
    *, test: AwarenessTest, questions: list[Question], answers: dict[int, Choice]
) -> Score:
    """Correct answers over ALL questions of the test, compared with the pass mark.

    An optional question that was left unanswered counts as not correct: it still counts in the
    total. Skipping it is allowed, but it cannot help you pass.
    """
    total = len(questions)
    correct = sum(1 for q in questions if (c := answers.get(q.pk)) is not None and c.is_correct)
    # Whole percent, rounded down, so that "score >= pass mark" is exactly "passed".
    score = correct * 100 // total if total else 0
    return Score(
        correct=correct,
        total=total,
        score=score,
        passed=bool(total) and correct * 100 >= test.pass_mark * total,
    )


@transaction.atomic
def attempt_submit(*, attempt: Attempt, answers: dict[int, int | None], by, now=None) -> Attempt:
    """Hand in an attempt: store the answers, score it, and on a pass complete the open action.

    ``answers`` maps question id to choice id (None: unanswered). A submitted attempt is final.
    """
    now = now or timezone.now()
    _lock_person(attempt.person)
    locked = Attempt.objects.select_for_update().select_related("test").get(pk=attempt.pk)
    if locked.submitted_at is not None:
        raise Refusal(_("This attempt has already been submitted and cannot be changed."))
    if not locked.test.is_active:
        raise Refusal(
            _("This test has been replaced by a new version. Please start the test again.")
        )
    questions = list(locked.test.questions.prefetch_related("choices"))
    chosen: dict[int, Choice] = {}
    missing = []
    for question in questions:
        choice_id = answers.get(question.pk)
        if choice_id is None:
            if question.required:
                missing.append(question)
            continue
        choice = next((c for c in question.choices.all() if c.pk == choice_id), None)
        if choice is None:
            raise Refusal(_("An answer does not belong to its question."))
        chosen[question.pk] = choice
    if missing:
        raise Refusal(_("Answer all required questions."))

    result = score_answers(test=locked.test, questions=questions, answers=chosen)
    Answer.objects.bulk_create(
        [Answer(attempt=locked, question_id=qid, choice=choice) for qid, choice in chosen.items()]
    )
    locked.submitted_at = now
    locked.correct = result.correct
    locked.total = result.total
    locked.score = result.score
    locked.passed = result.passed
    locked.valid_until = (
        timezone.localdate(now) + datetime.timedelta(days=settings.AWARENESS_VALIDITY_DAYS)
        if result.passed
        else None
    )
    locked.save(
        update_fields=["submitted_at", "correct", "total", "score", "passed", "valid_until"]
    )
    completed = 0
    if result.passed:
        completed = actions_complete(
            kind=ActionKind.AWARENESS_TEST,
            person_id=locked.person_id,
            status=ActionStatus.PASSED,
            by=by,
            at=now,
        )
    record(
        verb=AwarenessEvent.ATTEMPT_SUBMIT,
        by=by,
        target=locked,
        person=locked.person,
        description=_("Awareness test passed") if result.passed else _("Awareness test failed"),
        data={
            "correct": result.correct,
            "total": result.total,
            "score": result.score,
            "passed": result.passed,
            "valid_until": locked.valid_until.isoformat() if locked.valid_until else None,
            "actions_completed": completed,
        },
    )
    return locked


# --- reminders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RefreshResult:
    created: int
    withdrawn: int


def awareness_actions_refresh(*, today: datetime.date | None = None) -> RefreshResult:
    """Give everyone who is due one open "Awarenesstoets" action and an email.

    Due: a portal account and Remote Access, and a pass that is missing, expired or expiring
    within REMINDER_DAYS. Open actions of people without Remote Access are withdrawn (those who
    pass have theirs completed by ``attempt_submit``). This is the "awareness" kind of the
    reminders (awareness/reminders.py), which ``send_reminders`` runs daily with the others:
    once per person and pass, a fixed number of queries however many people there are.
    Without an active test nobody is asked to take one.
    """
    from portal.reminders import run_reminders

    result = run_reminders(today=today, kinds={"awareness"})
    return RefreshResult(created=result.sent["awareness"], withdrawn=result.tidied["awareness"])


def awareness_stale_actions_withdraw(*, today: datetime.date | None = None, by=None) -> int:
    """Withdraw the open "Awarenesstoets" actions of people who no longer have Remote Access."""
    stale_ids = list(_open_actions().exclude(person__in=ra_persons()).values_list("pk", flat=True))
    if not stale_ids:
        return 0
    withdrawn = actions_withdraw(ids=stale_ids)
    record(
        verb=AwarenessEvent.REMINDERS,
        by=by,
        description=_("Awareness test actions refreshed"),
        data={"withdrawn": stale_ids},
    )
    return withdrawn


def awareness_reminder_candidates(*, today: datetime.date, person: Person | None = None):
    """Who is due an awareness reminder, with ``awareness_valid_until`` and the active test:
    (test, persons). People with an open action already have theirs; asked for one person
    (what expires for them), the open action does not matter."""
    test = active_test()
    if test is None:
        return None, []
    persons = _due(ra_persons(), today=today)
    if person is None:
        persons = persons.exclude(Exists(_open_actions().filter(person=OuterRef("pk"))))
    else:
        persons = persons.filter(pk=person.pk)
    return test, list(with_valid_until(persons).select_related("user").order_by("pk"))


def awareness_actions_open(*, persons: list[Person], test: AwarenessTest, by=None) -> None:
    """One open "Awarenesstoets" action for each of these people (who have none open)."""
    # Lock, then look again: a pass or another refresh may have committed meanwhile.
    ids = [p.pk for p in persons]
    list(Person.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    has_open = set(_open_actions().filter(person_id__in=ids).values_list("person_id", flat=True))
    actions_ask(
        kind=ActionKind.AWARENESS_TEST,
        requests=[_reminder_request(p, test=test) for p in persons if p.pk not in has_open],
        by=by,
    )
    record(
        verb=AwarenessEvent.REMINDERS,
        by=by,
        description=_("Awareness test actions refreshed"),
        data={"created_for": ids},
    )


def _reminder_request(person: Person, *, test: AwarenessTest) -> dict:
    with translation.override(person.language):
        body = _reminder_text(person)
    return {"person": person, "subject": ACTION_SUBJECT, "regarding": test.name, "body": body}


def _reminder_text(person: Person) -> str:
    valid_until = person.awareness_valid_until
    if valid_until is None:
        return _("Everyone with Remote Access must pass the awareness test every year.")
    return _(
        "Your awareness test is valid until %(date)s. Take the test again to keep Remote Access."
    ) % {"date": valid_until.strftime("%d-%m-%Y")}
