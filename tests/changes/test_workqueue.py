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
