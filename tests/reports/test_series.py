"""The numbers of Rapportages against fixtures counted by hand (on SQLite and PostgreSQL).

The period is March to June 2025, seen on 15 July 2025. Dutch public holidays in it: Good
Friday 18 April, Easter Monday 21 April, Bevrijdingsdag 5 May, Ascension 29 May, Whit Monday
9 June (King's Day 2025 falls on a Saturday).
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import ConfidentialityDeclaration, ConfidentialityStatus
from changes.models import ChangeRequest, ChangeStatus, OutputCheck, OutputStatus
from messaging.models import Message, Thread
from portal.audit import record
from portal.models import ServiceLevel
from projects.models import Project, Role, Status
from reports import series as reports
from reports.series import Filters
from tests.conftest import make_user
from tests.factories import (
    AttemptFactory,
    AwarenessTestFactory,
    ChangeRequestFactory,
    InstitutionFactory,
    OutputCheckFactory,
    PersonFactory,
    ProjectFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 7, 15)
PERIOD = Filters(datetime.date(2025, 3, 1), datetime.date(2025, 6, 30), today=TODAY)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment in the Netherlands."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def row(found, label):
    return next(r for r in found.rows if r[0] == label)


def move(project, to_state, moment, from_state=""):
    record(
        verb="project.test",
        target=project,
        project=project,
        from_state=from_state,
        to_state=to_state,
        at=moment,
    )


def output_check(asked, decided=None, **fields):
    check = OutputCheckFactory(**fields)
    OutputCheck.objects.filter(pk=check.pk).update(
        asked_at=asked,
        decided_at=decided,
        status=OutputStatus.RELEASED if decided else OutputStatus.SUBMITTED,
    )
    return check


def test_output_checks_on_time_count_working_days_as_the_work_queue_does():
    """April 2025: five output checks, three answered within 3 working days, one answered after
    4, one still open past its day: 60 %. The holidays count: one asked on the Wednesday before
    Easter and answered the Tuesday after took 2 working days, not 4."""
    output_check(at(d("2025-04-14")), at(d("2025-04-17"), 16))  # 3 working days: on time
    output_check(at(d("2025-04-16")), at(d("2025-04-22"), 16))  # Easter: 2 working days
    output_check(at(d("2025-04-24")), at(d("2025-04-30"), 16))  # 4 working days: late
    output_check(at(d("2025-04-28")))  # still open on 15 July: late
    # Asked late in the evening of 29 April: 29 April in the Netherlands, not the next day.
    output_check(at(d("2025-04-29"), 23, 30), at(d("2025-05-02"), 9))  # 3 working days
    # May: asked on the Friday before Bevrijdingsdag, answered the next Thursday: 3.
    output_check(at(d("2025-05-02")), at(d("2025-05-08")))
    # June: asked Friday 6 June and still open on 15 July: late.
    output_check(at(d("2025-06-06")))
    # Before the period: not counted.
    output_check(at(d("2025-02-27")), at(d("2025-03-20")))

    found = reports.on_time(PERIOD)

    assert found.columns[0] == "Outputcontrole"
    assert [r[1] for r in found.rows] == [None, 60.0, 100.0, 0.0]


def test_an_open_output_check_not_yet_due_is_not_counted():
    output_check(at(d("2025-06-30")))  # due 3 July; seen on 1 July it is not late yet
    found = reports.on_time(Filters(PERIOD.start, PERIOD.end, today=d("2025-07-01")))
    assert row(found, "Jun 2025")[1] is None


def test_change_requests_and_questions_use_their_service_levels():
    """Change requests: 5 working days (the work queue's level); questions: 2, then CBS sets
    questions to 3 calendar days."""
    late = ChangeRequestFactory()
    ChangeRequest.objects.filter(pk=late.pk).update(
        asked_at=at(d("2025-04-01")), decided_at=at(d("2025-04-09")), status=ChangeStatus.APPROVED
    )  # 6 working days
    quick = ChangeRequestFactory()
    ChangeRequest.objects.filter(pk=quick.pk).update(
        asked_at=at(d("2025-04-02")),
        decided_at=at(d("2025-04-08")),
        status=ChangeStatus.AWAITING_COSTS,
    )  # 4 working days: answered (with a cost overview) in time

    asker = make_user(InstitutionFactory())
    staff = make_user(InstitutionFactory(), first_name="Jan")
    for asked, answered in [(d("2025-04-03"), d("2025-04-07")), (d("2025-04-10"), d("2025-04-15"))]:
        thread = Thread.objects.create(subject="Vraag", started_by=asker, created_at=at(asked))
        Message.objects.create(thread=thread, author=asker, body="?", created_at=at(asked))
        # An internal note is no answer.
        Message.objects.create(
            thread=thread,
            author=staff,
            from_cbs=True,
            internal=True,
            body="notitie",
            created_at=at(asked, 11),
        )
        Message.objects.create(
            thread=thread, author=staff, from_cbs=True, body="!", created_at=at(answered)
        )

    found = reports.on_time(PERIOD)
    april = row(found, "Apr 2025")
    assert april[2] == 50.0  # change requests
    assert april[3] == 50.0  # questions: 2 working days on time, 3 late

    ServiceLevel.objects.create(kind="unanswered_messages", days=5)
    assert row(reports.on_time(PERIOD), "Apr 2025")[3] == 100.0  # 4 and 5 calendar days


def test_lead_times_median_and_90th_percentile_per_quarter():
    """Applications that reached Voorbereiding in Q1 2025 took 10, 20, 30 and 50 days: median
    25, 90th percentile 30 + 0.7 × 20 = 44. Project A then took 60 days to running (Q2)."""
    institution = InstitutionFactory()
    days = {}
    for name, submitted, contract in [
        ("A", "2025-01-10", "2025-02-09"),
        ("B", "2025-01-05", "2025-01-15"),
        ("C", "2025-02-01", "2025-03-23"),
        ("D", "2025-03-01", "2025-03-21"),
    ]:
        project = ProjectFactory(institution=institution)
        move(project, Status.ORIENTATION, at(d("2024-12-01")))
        move(project, Status.SUBMITTED, at(d(submitted)), Status.ORIENTATION)
        move(project, Status.CONTRACT, at(d(contract)), Status.IN_REVIEW)
        days[name] = project
    # B came back to Contract after a declined cost overview: still one arrival, in January.
    move(days["B"], Status.COSTS_SENT, at(d("2025-02-01")), Status.CONTRACT)
    move(days["B"], Status.CONTRACT, at(d("2025-02-20")), Status.COSTS_SENT)
    # C was withdrawn once and submitted again: the first submission counts.
    move(days["C"], Status.ORIENTATION, at(d("2025-02-10")), Status.SUBMITTED)
    move(days["C"], Status.SUBMITTED, at(d("2025-03-01")), Status.ORIENTATION)
    move(days["A"], Status.PREPARING, at(d("2025-03-01")), Status.AGREEMENT)
    move(days["A"], Status.RUNNING, at(d("2025-04-10")), Status.PREPARING)

    found = reports.lead_times(Filters(d("2025-01-01"), d("2025-06-30"), today=TODAY))

    assert found.rows == [
        ("2025 Q1", 25.0, 44.0, None, None),
        ("2025 Q2", None, None, 60.0, 60.0),
    ]


def test_lead_times_even_and_odd_groups_interpolate_like_postgresql():
    institution = InstitutionFactory()
    for submitted_day, lead in enumerate([3, 7, 8], start=1):
        project = ProjectFactory(institution=institution)
        submitted = datetime.date(2025, 4, submitted_day)
        move(project, Status.SUBMITTED, at(submitted))
        move(project, Status.CONTRACT, at(submitted + datetime.timedelta(days=lead)))
    found = reports.lead_times(Filters(d("2025-04-01"), d("2025-06-30"), today=TODAY))
    # Median of 3, 7, 8: 7; 90th: position 2.8: 7 + 0.8 × 1 = 7.8.
    assert found.rows[0][:3] == ("2025 Q2", 7.0, 7.8)


def test_projects_per_phase_month_by_month_follows_the_recorded_status_changes():
    institution = InstitutionFactory()
    project = ProjectFactory(institution=institution, status=Status.RUNNING)
    move(project, Status.ORIENTATION, at(d("2024-12-01")))
    move(project, Status.SUBMITTED, at(d("2025-01-10")), Status.ORIENTATION)
    move(project, Status.CONTRACT, at(d("2025-02-09")), Status.SUBMITTED)
    move(project, Status.PREPARING, at(d("2025-03-09")), Status.CONTRACT)
    move(project, Status.RUNNING, at(d("2025-04-10")), Status.PREPARING)
    closed = ProjectFactory(institution=institution, status=Status.CLOSED)
    move(closed, Status.RUNNING, at(d("2024-11-01")))
    move(closed, Status.CLOSED, at(d("2025-02-15")), Status.RUNNING)
    ProjectFactory()  # of another institution

    found = reports.phases_by_month(
        Filters(d("2025-01-01"), d("2025-04-30"), institution, today=TODAY)
    )

    assert found.rows == [
        ("Jan 2025", 1, 0, 1, 0),
        ("Feb 2025", 0, 1, 0, 0),
        ("Mrt 2025", 0, 1, 0, 0),
        ("Apr 2025", 0, 0, 1, 0),
    ]
    now = reports.phases_now(Filters(d("2025-01-01"), d("2025-04-30"), institution))
    assert [r[1] for r in now.rows] == [0, 0, 1, 0]  # the closed project is in no phase


def test_active_researchers_per_institution_top_and_the_rest(monkeypatch):
    big, small = InstitutionFactory(name="Groot"), InstitutionFactory(name="Klein")
    running = ProjectFactory(institution=big, status=Status.RUNNING)
    frozen = ProjectFactory(institution=big, status=Status.FROZEN)
    orienting = ProjectFactory(institution=big, status=Status.ORIENTATION)
    today = timezone.localdate()
    one, two = PersonFactory(institution=big), PersonFactory(institution=big)
    TeamMemberFactory(project=running, person=one, role=Role.LEADER)
    TeamMemberFactory(project=frozen, person=one, role=Role.RESEARCHER)  # counted once
    TeamMemberFactory(project=running, person=two, role=Role.RESEARCHER_PLUS)
    TeamMemberFactory(project=running, role=Role.VIEWER)  # not a researcher
    TeamMemberFactory(project=orienting, role=Role.RESEARCHER)  # not running
    TeamMemberFactory(
        project=running,
        role=Role.RESEARCHER,
        start_date=today - datetime.timedelta(days=30),
        end_date=today - datetime.timedelta(days=1),
    )  # left the team
    TeamMemberFactory(project=running, person=PersonFactory(institution=small))

    found = reports.researchers(Filters(PERIOD.start, PERIOD.end))
    assert found.rows == [("Groot", 2), ("Klein", 1)]

    monkeypatch.setattr(reports, "TOP_INSTITUTIONS", 1)
    found = reports.researchers(Filters(PERIOD.start, PERIOD.end))
    assert found.rows == [("Groot", 2), ("Overige instellingen", 1)]


def test_awareness_pass_rate_per_month():
    test = AwarenessTestFactory()
    for passed, day in [(True, "2025-04-02"), (True, "2025-04-20"), (False, "2025-04-30")]:
        AttemptFactory(test=test, passed=passed, submitted_at=at(d(day)))
    AttemptFactory(test=test, passed=None, submitted_at=None)  # not handed in
    AttemptFactory(test=test, passed=False, submitted_at=at(d("2025-06-10")))

    found = reports.awareness(PERIOD)
    assert [r[1] for r in found.rows] == [None, 66.7, None, 0.0]
    assert "2 van de 4" in found.summary


def test_declarations_and_rsa_tokens_ending_in_the_next_90_days():
    """Seen on 15 July 2025: up to 13 October."""
    renewed, ending, later = PersonFactory(), PersonFactory(), PersonFactory()

    def declaration(person, until, status=ConfidentialityStatus.APPROVED):
        ConfidentialityDeclaration.objects.create(
            person=person, document="declarations/x.pdf", status=status, valid_until=until
        )

    declaration(renewed, d("2025-08-01"))
    declaration(renewed, d("2027-08-01"))  # renewed: nothing ends
    declaration(ending, d("2025-09-10"))
    declaration(ending, d("2025-08-10"), ConfidentialityStatus.REJECTED)
    declaration(later, d("2025-11-01"))
    PersonFactory(rsa_token_expires=d("2025-07-20"))
    PersonFactory(rsa_token_expires=d("2025-10-13"))
    PersonFactory(rsa_token_expires=d("2025-12-01"))

    found = reports.lapsing(PERIOD)
    assert found.rows == [
        ("Jul 2025", 0, 1),
        ("Aug 2025", 0, 0),
        ("Sep 2025", 1, 0),
        ("Okt 2025", 0, 1),
    ]


def test_the_institution_filter_keeps_only_its_own():
    mine, other = InstitutionFactory(), InstitutionFactory()
    output_check(at(d("2025-04-14")), at(d("2025-04-17")), project=ProjectFactory(institution=mine))
    output_check(at(d("2025-04-14")), project=ProjectFactory(institution=other))
    assert row(reports.on_time(Filters(PERIOD.start, PERIOD.end, mine, TODAY)), "Apr 2025")[1] == (
        100.0
    )
    assert row(reports.on_time(PERIOD), "Apr 2025")[1] == 50.0


def test_overdue_now_are_the_work_queues_counts():
    output_check(at(timezone.localdate() - datetime.timedelta(days=30)))
    output_check(timezone.now())
    found = reports.overdue_now(Filters(PERIOD.start, PERIOD.end))
    assert row(found, "Outputcontrole")[1:] == (2, 1)


def test_every_series_has_as_many_values_as_columns():
    for function in reports.SERIES.values():
        found = function(PERIOD)
        assert found.key in reports.SERIES
        assert all(len(r) == len(found.columns) + 1 for r in found.rows), found.key


def test_the_percentile_of_project_rows_is_read_from_the_database(django_assert_num_queries):
    """One query per phase, however many projects."""
    institution = InstitutionFactory()
    for index in range(5):
        project = ProjectFactory(institution=institution)
        move(project, Status.SUBMITTED, at(d("2025-04-01")))
        move(project, Status.CONTRACT, at(d("2025-04-01") + datetime.timedelta(days=index)))
    with django_assert_num_queries(2):
        found = reports.lead_times(Filters(d("2025-04-01"), d("2025-06-30"), today=TODAY))
    assert found.rows[0][1] == 2.0
    assert Project.objects.count() == 5
