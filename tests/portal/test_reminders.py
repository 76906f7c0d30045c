"""Reminders before things expire: each kind (who, when, language, once only, what it skips),
the command, and "Verloopt binnenkort" on Mijn gegevens."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConfidentialityDeclaration, ConfidentialityStatus
from portal.models import SentReminder
from portal.reminders import reminder_kinds, run_reminders, upcoming_for
from projects.models import Role, Status
from requests_inbox.models import Action, ActionKind
from tests.conftest import make_user
from tests.factories import PublicationFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def send(django_capture_on_commit_callbacks, mailoutbox):
    """Run the reminders of one kind on ``TODAY`` (or another day); return the new mails."""

    def run(kind, today=TODAY):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            run_reminders(today=today, kinds={kind})
        return mailoutbox[before:]

    return run


def test_every_kind_of_the_issue_is_declared():
    assert {kind.key for kind in reminder_kinds()} == {
        "project_end",
        "rsa_token",
        "confidentiality",
        "authorization",
        "awareness",
        "publication",
    }


# --- project end -----------------------------------------------------------------------------


@pytest.fixture
def running(project, leader):
    project.status = Status.RUNNING
    project.start_date = days(-400)
    project.end_date = days(80)
    project.save()
    for member in project.team.all():
        member.start_date = days(-400)
        member.save()
    return project


def test_project_end_reaches_the_current_leaders_at_90_and_30_days(running, leader, send):
    researcher = make_user(running.institution)
    TeamMemberFactory(project=running, person=researcher.person, role=Role.RESEARCHER)
    mails = send("project_end")
    assert [m.to for m in mails] == [[leader.email]]
    assert "loopt af op" in mails[0].subject and running.title in mails[0].subject
    assert f"/projecten/{running.number}/" in mails[0].body
    # Where the leader acts: "Einddatum verlengen" (Uitvoering) or "Afsluiting aanvragen".
    assert (
        f"/projecten/{running.number}/wijzigingsverzoeken/nieuw/extend_end_date/" in mails[0].body
    )
    assert reverse("projects:closure_request", args=[running.number]) in mails[0].body
    assert "Einddatum verlengen" in mails[0].body
    assert mails[0].alternatives  # an HTML part beside the plain text
    # The same moment again (a second run, a day later): nothing.
    assert send("project_end") == []
    assert send("project_end", today=days(1)) == []
    # Within 30 days: the second reminder, once.
    assert len(send("project_end", today=days(55))) == 1
    assert send("project_end", today=days(56)) == []


def test_project_end_not_for_closed_projects_or_ended_leaders(running, leader, send):
    running.status = Status.CLOSED
    running.save()
    assert send("project_end") == []
    running.status = Status.RUNNING
    running.save()
    running.team.filter(person=leader.person).update(end_date=days(-1))
    assert send("project_end") == []


def test_project_end_in_the_leaders_language(running, leader, send):
    leader.person.language = "en"
    leader.person.save()
    (mail,) = send("project_end")
    assert mail.subject.startswith("Project ") and "ends on" in mail.subject
    assert "/en/projecten/" in mail.body


def test_project_end_too_far_away_is_not_reminded(running, send):
    running.end_date = days(120)
    running.save()
    assert send("project_end") == []


# --- RSA token, confidentiality declaration, authorization ---------------------------------


def test_rsa_token_at_30_and_7_days(institution, send):
    user = make_user(institution, rsa_token_id="RSA-1", rsa_token_expires=days(25))
    (mail,) = send("rsa_token")
    assert mail.to == [user.email] and "RSA-token" in mail.subject
    assert send("rsa_token") == []
    assert len(send("rsa_token", today=days(20))) == 1
    assert send("rsa_token", today=days(26)) == []  # expired: no more reminders


def test_rsa_token_not_for_people_without_an_active_account(institution, send):
    user = make_user(institution, rsa_token_id="RSA-1", rsa_token_expires=days(5))
    user.is_active = False
    user.save()
    assert send("rsa_token") == []


def _declaration(person, *, until, status=ConfidentialityStatus.APPROVED):
    return ConfidentialityDeclaration.objects.create(
        person=person, document="declarations/x.pdf", status=status, valid_until=until
    )


def test_confidentiality_at_60_and_14_days_with_the_upload_action(institution, send):
    user = make_user(institution)
    _declaration(user.person, until=days(50))
    (mail,) = send("confidentiality")
    action = Action.objects.get(person=user.person, kind=ActionKind.CONFIDENTIALITY)
    assert action.is_open
    assert reverse("requests_inbox:detail", args=[action.pk]) in mail.body
    assert send("confidentiality") == []
    assert len(send("confidentiality", today=days(40))) == 1
    # Still one open action: the second reminder points to the same one.
    assert Action.objects.filter(person=user.person, kind=ActionKind.CONFIDENTIALITY).count() == 1


def test_confidentiality_stops_once_a_new_declaration_is_uploaded(institution, send):
    user = make_user(institution)
    _declaration(user.person, until=days(50))
    _declaration(user.person, until=None, status=ConfidentialityStatus.SUBMITTED)
    assert send("confidentiality") == []


def test_authorization_reaches_the_account_managers_3_and_1_month_before(institution, send):
    manager = make_user(institution, is_account_manager=True)
    make_user(institution)  # not an account manager
    institution.authorization_end = days(80)
    institution.save()
    (mail,) = send("authorization")
    assert mail.to == [manager.email] and institution.name in mail.subject
    assert send("authorization") == []
    assert len(send("authorization", today=days(55))) == 1


# --- publications ------------------------------------------------------------------------------


def test_publication_reminds_the_leader_14_days_before_once(running, leader, send):
    publication = PublicationFactory(project=running, expected_date=days(10))
    (mail,) = send("publication")
    assert mail.to == [leader.email] and publication.title in mail.subject
    assert send("publication") == []


def test_publication_already_out_is_not_reminded(running, send):
    PublicationFactory(project=running, expected_date=days(10), actual_date=days(-1))
    assert send("publication") == []


# --- the mechanism -------------------------------------------------------------------------


def test_what_was_sent_is_recorded(institution, send):
    user = make_user(institution, rsa_token_id="RSA-9", rsa_token_expires=days(3))
    send("rsa_token")
    sent = SentReminder.objects.get()
    assert (sent.kind, sent.moment, sent.person_id, sent.due_date) == (
        "rsa_token",
        7,
        user.person.pk,
        days(3),
    )


def test_command_runs_every_kind_and_a_second_run_sends_nothing(
    institution, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    make_user(institution, rsa_token_id="RSA-1", rsa_token_expires=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    out = capsys.readouterr().out
    assert "rsa_token: 1 sent" in out and "Reminders sent: 1." in out
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders")
    assert "Reminders sent: 0." in capsys.readouterr().out
    assert len(mailoutbox) == 1


def without_outbox(queries) -> list:
    return [q for q in queries.captured_queries if "portal_outgoingmail" not in q["sql"]]


def test_query_count_does_not_grow_with_the_people(institution, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_user(institution, rsa_token_id="RSA-A", rsa_token_expires=days(3))
    with CaptureQueriesContext(connection) as few:
        run_reminders(today=TODAY, kinds={"rsa_token"})
    for n in range(5):
        make_user(institution, rsa_token_id=f"RSA-B{n}", rsa_token_expires=days(4))
    with CaptureQueriesContext(connection) as many:
        assert run_reminders(today=TODAY, kinds={"rsa_token"}).sent["rsa_token"] == 5
    # Constant but for the one outbox row each mail is (portal.mail: written with the change).
    assert len(without_outbox(many)) == len(without_outbox(few))
    assert len(many) - len(few) == 4


# --- Mijn gegevens -------------------------------------------------------------------------------


def test_my_details_shows_what_expires_soon(client, institution):
    soon = timezone.localdate() + datetime.timedelta(days=12)
    user = make_user(institution, rsa_token_id="RSA-7", rsa_token_expires=soon)
    client.force_login(user)
    page = client.get(reverse("accounts:my_details")).content.decode()
    assert "Verloopt binnenkort" in page
    assert "RSA-7" in page and soon.strftime("%d-%m-%Y") in page


def test_my_details_shows_nothing_when_nothing_expires(client, institution):
    user = make_user(institution)
    client.force_login(user)
    assert "Verloopt binnenkort" not in client.get(reverse("accounts:my_details")).content.decode()


def test_upcoming_only_for_the_person(institution):
    mine = make_user(institution, rsa_token_id="RSA-1", rsa_token_expires=days(5))
    make_user(institution, rsa_token_id="RSA-2", rsa_token_expires=days(5))
    items = upcoming_for(mine.person, today=TODAY)
    assert [item.what for item in items] == ["RSA-token RSA-1"]


def test_upcoming_reads_only_the_persons_own_projects(running, leader):
    """Mijn gegevens: the leader's ending project and publication, read from their own
    projects; other people's projects ending soon are not read (they were, all of them: the
    page grew with the data)."""
    from django.db.models.signals import post_init

    from projects.models import Project, Publication
    from tests.factories import ProjectFactory

    PublicationFactory(project=running, expected_date=days(10), actual_date=None)
    for _ in range(5):
        other = ProjectFactory(status=Status.RUNNING, end_date=days(60), start_date=days(-10))
        TeamMemberFactory(project=other, role=Role.LEADER, start_date=days(-10))
        PublicationFactory(project=other, expected_date=days(10), actual_date=None)
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(sender)

    post_init.connect(count)
    try:
        items = upcoming_for(leader.person, today=TODAY)
    finally:
        post_init.disconnect(count)
    assert {item.what for item in items} >= {str(running)}
    assert loaded.count(Project) <= 2 and loaded.count(Publication) == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    __import__("django.db").db.connection.vendor != "postgresql",
    reason="row locks need PostgreSQL",
)
def test_two_runs_at_once_send_one_mail(institution, mailoutbox):
    import threading

    from django.db import connections

    make_user(institution, rsa_token_id="RSA-1", rsa_token_expires=days(3))
    barrier = threading.Barrier(3)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(run_reminders(today=TODAY, kinds={"rsa_token"}).total)
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(results) == [0, 0, 1]
    assert len(mailoutbox) == 1 and SentReminder.objects.count() == 1
