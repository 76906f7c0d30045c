"""Change requests and output checks wait on CBS in the back office's work queue."""

import pytest

from changes.models import ChangeStatus, OutputStatus
from portal.workqueue import work_kinds
from tests.factories import ChangeRequestFactory, OutputCheckFactory, UserFactory

pytestmark = pytest.mark.django_db


def _kind(key):
    return next(kind for kind in work_kinds() if kind.key == key)


def test_open_change_requests_wait_on_cbs(running, staff):
    running.cbs_contact = staff
    running.save()
    waiting = ChangeRequestFactory(project=running, status=ChangeStatus.IN_REVIEW)
    ChangeRequestFactory(project=running, status=ChangeStatus.AWAITING_COSTS)  # the customer's turn
    ChangeRequestFactory(project=running, status=ChangeStatus.APPROVED)
    kind = _kind("change_request")
    items = list(kind.source(user=staff, mine=False))
    assert [item.url.rstrip("/").split("/")[-2] for item in items] == [str(waiting.pk)]
    assert list(kind.source(user=UserFactory(person=None, is_staff=True), mine=True)) == []


def test_open_output_checks_have_a_three_day_service_level(running, staff):
    kind = _kind("output_check")
    assert kind.sla_working_days == 3
    first = OutputCheckFactory(project=running)
    OutputCheckFactory(project=running, status=OutputStatus.RELEASED)
    second = OutputCheckFactory(project=running, status=OutputStatus.IN_REVIEW)
    items = list(kind.source(user=staff, mine=False))
    assert [item.title for item in items] == [
        f"{running.number} {first.package_name}",
        f"{running.number} {second.package_name}",
    ]


def test_the_admin_and_the_work_queue_agree_on_overdue_under_cbs_level(running, staff, client_of):
    """One due day (portal.workqueue.due_day) under the level CBS set: the promise made when
    asking, the work queue's overdue and the admin's list and filter say the same."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from changes.admin import OutputCheckAdmin
    from changes.models import OutputCheck
    from changes.services import expected_answer_date
    from portal.services import service_level_set
    from portal.workdays import add_working_days, working_days_back
    from portal.workqueue import work_queue

    today = timezone.localdate()
    service_level_set(kind="output_check", working_days=1, days=None, by=staff)
    assert expected_answer_date(today) == add_working_days(today, 1)

    def asked(day):
        check = OutputCheckFactory(project=running, expected_answer_date=expected_answer_date(day))
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        OutputCheck.objects.filter(pk=check.pk).update(asked_at=moment)
        return check

    on_time = asked(working_days_back(today, 1))  # due today
    late = asked(working_days_back(today, 2))  # due yesterday's working day
    section = next(s for s in work_queue(user=staff) if s.kind.key == "output_check")
    queue = {item.item.title: (item.due, item.overdue) for item in section.items}
    assert queue[f"{running.number} {on_time.package_name}"] == (
        on_time.expected_answer_date,
        False,
    )
    assert queue[f"{running.number} {late.package_name}"] == (late.expected_answer_date, True)
    assert section.overdue_count == 1

    rows = OutputCheckAdmin(OutputCheck, None).get_queryset(None).order_by("asked_at")
    assert [(row.pk, row.is_overdue) for row in rows] == [(late.pk, True), (on_time.pk, False)]
    listed = client_of(staff).get(reverse("admin:changes_outputcheck_changelist") + "?overdue=yes")
    text = listed.content.decode()
    assert late.package_name in text and on_time.package_name not in text
