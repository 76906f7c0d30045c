"""The work queue on the admin index, kept until a write (portal.workqueue.kept_work_queue): after
each kind of write of what a kind reads, the queue shown is the one computed now (the stamp
removed, as a forgetting does), and it did change; with forgetting off it would still show the
queue from before the write.

Writes run inside ``committed`` (on_commit callbacks executed): what is kept is forgotten on
commit."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountRequestStatus, ConfidentialityDeclaration
from accounts.services import account_request_reject
from accounts.services_privacy import person_anonymise
from changes.services import output_check_take
from messaging.services import question_ask
from portal import workqueue
from portal.services import service_level_set
from projects.models import Status
from projects.services import project_cbs_contact_set, project_transition
from tests.conftest import make_user
from tests.factories import (
    AccountRequestFactory,
    ChangeRequestFactory,
    InstitutionFactory,
    OutputCheckFactory,
    PersonFactory,
    ProjectFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


def _queue(client, mine: bool) -> str:
    page = client.get(reverse("admin:index"), {"werk": "mijn"} if mine else {}).content.decode()
    start = page.index('<section class="work-queue"')
    return page[start : page.index("</section>", start)]


def kept_is_live(client, before=None, *, mine=False) -> str:
    """The queue shown (kept) is the one computed now, and differs from ``before``."""
    kept = _queue(client, mine)
    cache.delete(workqueue.STAMP)  # what a write forgets: computed again on the next read
    assert kept == _queue(client, mine)
    if before is not None:
        assert kept != before
    return kept


@pytest.fixture
def client(client_of, staff):
    return client_of(staff)


def test_kept_queue_is_read_without_the_kinds_queries(client, django_assert_max_num_queries):
    ProjectFactory(status=Status.SUBMITTED)
    _queue(client, False)
    with django_assert_max_num_queries(4):  # the session, the user, the permissions
        _queue(client, False)


def test_projects_moved_and_their_contact_set(client, staff, committed):
    before = kept_is_live(client)
    with committed():
        project = ProjectFactory(status=Status.SUBMITTED, title="Nieuw ingediend")
    before = kept_is_live(client, before)
    assert "Nieuw ingediend" in before
    mine = kept_is_live(client, mine=True)
    with committed():
        project_cbs_contact_set(project=project, by=staff, cbs_contact=staff, reference_number="")
    kept_is_live(client, mine, mine=True)
    with committed():
        project_transition(project=project, move="take_into_review", by=staff, reason="")
    kept_is_live(client, before)


def test_output_checks_and_change_requests(client, staff, committed):
    running = ProjectFactory(status=Status.RUNNING)
    before = kept_is_live(client)
    with committed():
        check = OutputCheckFactory(project=running)
    before = kept_is_live(client, before)
    with committed():
        output_check_take(output_check=check, by=staff)
    before = kept_is_live(client, before)
    with committed():
        change = ChangeRequestFactory(project=running)
    before = kept_is_live(client, before)
    with committed():
        change.delete()
    kept_is_live(client, before)


def test_declarations_their_people_and_teams(client, staff, committed):
    person = PersonFactory(last_name="Eerstenaam")
    before = kept_is_live(client)
    with committed():
        ConfidentialityDeclaration.objects.create(person=person, document="d/x.pdf")
    before = kept_is_live(client, before)
    with committed():
        person.last_name = "Anderenaam"
        person.save()  # as the back office saves a person
    before = kept_is_live(client, before)
    assert "Anderenaam" in before
    with committed():
        person.institution.name = "Hernoemde instelling"
        person.institution.save()
    before = kept_is_live(client, before)
    mine = kept_is_live(client, mine=True)
    with committed():
        TeamMemberFactory(project=ProjectFactory(cbs_contact=staff), person=person)
    mine = kept_is_live(client, mine, mine=True)
    assert "Anderenaam" in mine


def test_a_person_anonymised(client, staff, committed):
    with committed():
        person = PersonFactory(last_name="Vertrokken")
        ConfidentialityDeclaration.objects.create(person=person, document="d/x.pdf")
    before = kept_is_live(client)
    assert "Vertrokken" in before
    with committed():
        person_anonymise(person=person, by=staff)
    assert "Vertrokken" not in kept_is_live(client, before)


def test_account_requests_decided_in_bulk(client, staff, committed):
    before = kept_is_live(client)
    with committed():
        request = AccountRequestFactory(last_name="Wachtlang")
        type(request).objects.filter(pk=request.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=15)
        )  # in the block of its creation, which forgets the queue on commit
    before = kept_is_live(client, before)
    assert "Wachtlang" in before
    manager = make_user(request.institution, is_account_manager=True)
    with committed():
        account_request_reject(request=request, by=manager, reason="Geen onderzoeker")
    request.refresh_from_db()
    assert request.status == AccountRequestStatus.REJECTED
    kept_is_live(client, before)


def test_an_account_request_joins_the_queue_when_its_two_weeks_are_over(client, committed):
    _queue(client, False)  # the first page of a process takes its time
    with committed():
        request = AccountRequestFactory(last_name="Bijnatwee")
        almost = timezone.now() - workqueue_wait() + datetime.timedelta(seconds=4)
        type(request).objects.filter(pk=request.pk).update(created_at=almost)
    assert "Bijnatwee" not in _queue(client, False)
    # No write: the kept queue ends when the request starts waiting on CBS.
    time.sleep(max(0, (almost + workqueue_wait() - timezone.now()).total_seconds()) + 0.1)
    assert "Bijnatwee" in kept_is_live(client)


def workqueue_wait():
    from accounts.workqueue import ACCOUNT_REQUEST_WAIT

    return ACCOUNT_REQUEST_WAIT


def test_conversations_and_service_levels(client, staff, committed):
    asker = make_user(InstitutionFactory())
    before = kept_is_live(client)
    with committed():
        question_ask(by=asker, subject="Vraag over de kaart", body="Waar staat de kaart?")
    before = kept_is_live(client, before)
    assert "Vraag over de kaart" in before
    with committed():
        service_level_set(kind="unanswered_messages", working_days=None, days=9, by=staff)
    kept_is_live(client, before)


def _live_totals(today):
    sections = workqueue.work_queue(user=None, today=today, limit=0)
    return [(section.kind.key, section.total, section.overdue_count) for section in sections]


def test_the_queues_totals_are_kept_as_the_queue_is(committed):
    """Rapportages' "Waiting and overdue now" (``kept_totals``): forgotten by the same writes."""
    today = timezone.localdate()
    asker = make_user(InstitutionFactory())
    before = workqueue.kept_totals(today=today)
    assert before == _live_totals(today)
    with committed():
        question_ask(by=asker, subject="Vraag over de kaart", body="Waar staat de kaart?")
    after = workqueue.kept_totals(today=today)
    assert after == _live_totals(today)
    assert after != before


def test_without_forgetting_the_totals_would_be_stale():
    today = timezone.localdate()
    asker = make_user(InstitutionFactory())
    before = workqueue.kept_totals(today=today)
    question_ask(by=asker, subject="Vraag over de kaart", body="Waar staat de kaart?")
    assert workqueue.kept_totals(today=today) == before
    assert _live_totals(today) != before
