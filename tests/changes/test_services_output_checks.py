"""Output checks: asked by researchers of a running project, decided by CBS; publications."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from changes import services
from changes.models import OutputCheck, OutputStatus
from portal.audit import notifies_cbs
from portal.models import Event
from portal.refusals import Refusal
from projects.models import Publication, Status
from projects.services import publication_complete
from tests.changes.conftest import pdf_upload, set_status
from tests.factories import OutputCheckFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def _ask(project, by, **overrides):
    values = {
        "description": "Regressietabellen hoofdstuk 3.",
        "package_name": "export-2026-11",
        "light": False,
        "upload": pdf_upload(),
        **overrides,
    }
    return services.output_check_ask(project=project, by=by, **values)


@pytest.mark.parametrize(
    "asked_on, expected",
    [
        # Monday: Tuesday, Wednesday, Thursday.
        (datetime.date(2026, 11, 30), datetime.date(2026, 12, 3)),
        # Friday: Monday, Tuesday, Wednesday.
        (datetime.date(2026, 12, 4), datetime.date(2026, 12, 9)),
        # Wednesday 23 Dec: Thursday 24, then (25 and 26 Dec closed) 28, 29 Dec.
        (datetime.date(2026, 12, 23), datetime.date(2026, 12, 29)),
        # Thursday 24 Dec: Monday 28, then 29, 30 Dec.
        (datetime.date(2026, 12, 24), datetime.date(2026, 12, 30)),
        # Before Easter 2027 (Good Friday 26 March, Easter Monday 29 March): 30, 31 March and
        # 1 April.
        (datetime.date(2027, 3, 25), datetime.date(2027, 4, 1)),
    ],
)
def test_the_expected_answer_is_three_working_days_later(asked_on, expected):
    assert services.expected_answer_date(asked_on) == expected


@pytest.mark.parametrize("who", ["leader", "researcher_plus", "researcher"])
def test_researchers_ask_for_an_output_check(
    request, running, who, staff, django_capture_on_commit_callbacks
):
    from portal.digest import send_cbs_digest

    user = request.getfixturevalue(who)
    running.cbs_contact = staff
    running.save()
    check = _ask(running, user, light=True)
    assert check.status == OutputStatus.SUBMITTED and check.light
    assert check.expected_answer_date == services.expected_answer_date(timezone.localdate())
    assert check.form_document.read().startswith(b"%PDF")
    assert check.form_name == "outputformulier.pdf"
    event = Event.objects.get(verb="output_check.ask")
    assert notifies_cbs(event.verb)
    with django_capture_on_commit_callbacks(execute=True):
        send_cbs_digest()
    assert mail.outbox[0].to == [staff.email]
    assert "export-2026-11" in mail.outbox[0].body


@pytest.mark.parametrize("who", ["signatory", "viewer", "outsider", "account_manager", "staff"])
def test_others_may_not_ask(request, running, who):
    with pytest.raises(Refusal):
        _ask(running, request.getfixturevalue(who))
    assert not OutputCheck.objects.exists()


@pytest.mark.parametrize("status", [Status.PREPARING, Status.FROZEN, Status.CLOSED])
def test_only_a_running_project_exports_output(project, leader, status):
    set_status(project, status)
    with pytest.raises(Refusal):
        _ask(project, leader)


def test_the_form_is_validated_like_other_documents(running, leader):
    fake = pdf_upload("formulier.pdf", b"MZ\x90\x00 this is an executable")
    with pytest.raises(Refusal) as refused:
        _ask(running, leader, upload=fake)
    assert refused.value.field == "form_document"
    with pytest.raises(Refusal):
        _ask(running, leader, package_name="  ")
    assert not OutputCheck.objects.exists()


def test_cbs_takes_and_decides_with_comments_and_the_asker_hears(
    running, leader, staff, django_capture_on_commit_callbacks
):
    check = _ask(running, leader)
    services.output_check_take(output_check=check, by=staff)
    assert check.status == OutputStatus.IN_REVIEW
    with pytest.raises(Refusal) as refused:
        services.output_check_decide(output_check=check, by=staff, status=OutputStatus.ADJUST)
    assert refused.value.field == "comments"
    with django_capture_on_commit_callbacks(execute=True):
        services.output_check_decide(
            output_check=check, by=staff, status=OutputStatus.ADJUST,
            comments="Cellen met minder dan 10 waarnemingen afronden.",
        )  # fmt: skip
    check.refresh_from_db()
    assert check.status == OutputStatus.ADJUST and check.decided_by == staff
    assert mail.outbox[-1].to == [leader.person.notification_email]
    assert "minder dan 10" in mail.outbox[-1].body
    event = Event.objects.get(verb="output_check.decide")
    assert (event.from_state, event.to_state) == (OutputStatus.IN_REVIEW, OutputStatus.ADJUST)
    with pytest.raises(Refusal):
        services.output_check_decide(output_check=check, by=staff, status=OutputStatus.RELEASED)


@pytest.mark.parametrize("who", ["leader", "readonly_staff"])
def test_only_cbs_decides_on_output(request, running, leader, who):
    check = _ask(running, leader)
    user = request.getfixturevalue(who)
    with pytest.raises(Refusal):
        services.output_check_take(output_check=check, by=user)
    with pytest.raises(Refusal):
        services.output_check_decide(output_check=check, by=user, status=OutputStatus.RELEASED)


def test_released_outputs_form_the_release_log(running, leader, staff):
    released = OutputCheckFactory(project=running)
    services.output_check_decide(output_check=released, by=staff, status=OutputStatus.RELEASED)
    OutputCheckFactory(project=running)
    assert list(running.output_checks.released()) == [released]


# --- publications ---------------------------------------------------------------------------


def test_a_publication_is_completed_with_its_date_and_doi(running, researcher):
    publication = PublicationFactory(
        project=running, expected_date=timezone.localdate() + datetime.timedelta(days=10)
    )
    assert list(Publication.objects.pending()) == [publication]
    day = timezone.localdate()
    publication_complete(
        publication=publication, by=researcher, actual_date=day, link="https://doi.org/10.1/x"
    )
    publication.refresh_from_db()
    assert publication.actual_date == day and publication.link == "https://doi.org/10.1/x"
    assert not Publication.objects.pending().exists()
    assert Event.objects.filter(verb="publication.complete").exists()
    with pytest.raises(Refusal):
        publication_complete(
            publication=publication, by=researcher, actual_date=day, link="https://x.nl/"
        )


def test_overdue_and_reminder_due_publications_are_easy_to_find(running):
    today = timezone.localdate()
    overdue = PublicationFactory(project=running, expected_date=today - datetime.timedelta(days=1))
    due = PublicationFactory(project=running, expected_date=today + datetime.timedelta(days=14))
    PublicationFactory(project=running, expected_date=today + datetime.timedelta(days=15))
    PublicationFactory(
        project=running, expected_date=today - datetime.timedelta(days=3), actual_date=today
    )
    assert list(Publication.objects.overdue()) == [overdue]
    assert list(Publication.objects.expected_within(14)) == [due]
