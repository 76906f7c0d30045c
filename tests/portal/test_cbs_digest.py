"""CBS told when it has work: one digest mail per recipient per quarter of an hour."""

import datetime
import threading

import pytest
from django.db import connection, connections, models
from django.utils import timezone

from portal.audit import event_types, record
from portal.digest import send_cbs_digest
from portal.models import CbsDigest

pytestmark = pytest.mark.django_db


@event_types(notify_cbs={"ASKED", "SIGNED"})
class DigestTestEvent(models.TextChoices):
    """Event types of this test module: two CBS is told of, one it is not."""

    ASKED = "digest_test.asked", "Asked something"
    SIGNED = "digest_test.signed", "Signed something"
    VIEWED = "digest_test.viewed", "Looked at something"


@pytest.fixture
def contact(staff):
    staff.language = "nl"
    staff.save()
    return staff


@pytest.fixture
def digest(django_capture_on_commit_callbacks, mailoutbox):
    def run(now=None):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            send_cbs_digest(now=now)
        return mailoutbox[before:]

    return run


def test_three_events_give_one_mail_to_the_projects_cbs_contact(project, leader, contact, digest):
    project.cbs_contact = contact
    project.save()
    record(verb=DigestTestEvent.ASKED, by=leader, project=project, target=project)
    record(verb=DigestTestEvent.SIGNED, by=leader, project=project, target=project)
    record(verb=DigestTestEvent.ASKED, by=leader, project=project, reason="Graag snel")
    record(verb=DigestTestEvent.VIEWED, by=leader, project=project)  # not told
    (mail,) = digest()
    assert mail.to == [contact.email]
    assert "3" in mail.subject
    assert mail.body.count("Asked something") == 2 and "Signed something" in mail.body
    assert "Looked at something" not in mail.body
    assert "Graag snel" in mail.body and project.title in mail.body
    assert digest() == []


def test_without_a_cbs_contact_the_cbs_mailbox_is_told(project, leader, settings, digest):
    settings.CBS_MAILBOX = "postbus@cbs.example.nl"
    record(verb=DigestTestEvent.ASKED, by=leader, project=project)
    (mail,) = digest()
    assert mail.to == ["postbus@cbs.example.nl"]


def test_what_staff_do_is_not_told(project, staff, digest):
    record(verb=DigestTestEvent.ASKED, by=staff, project=project)
    assert digest() == []


def test_at_most_one_mail_per_quarter_of_an_hour_and_nothing_lost(project, leader, contact, digest):
    project.cbs_contact = contact
    project.save()
    record(verb=DigestTestEvent.ASKED, by=leader, project=project)
    assert len(digest()) == 1
    record(verb=DigestTestEvent.SIGNED, by=leader, project=project)
    assert digest() == []  # told less than 15 minutes ago: waits
    later = timezone.now() + datetime.timedelta(minutes=16)
    (mail,) = digest(now=later)
    assert "Signed something" in mail.body and "Asked something" not in mail.body
    assert CbsDigest.objects.count() == 2


def test_a_waiting_recipient_does_not_hold_up_another(project, other_project, leader, outsider,
                                                      contact, settings, digest):  # fmt: skip
    settings.CBS_MAILBOX = "postbus@cbs.example.nl"
    project.cbs_contact = contact
    project.save()
    record(verb=DigestTestEvent.ASKED, by=leader, project=project)
    digest()
    record(verb=DigestTestEvent.SIGNED, by=leader, project=project)  # contact waits
    record(verb=DigestTestEvent.ASKED, by=outsider, project=other_project)  # mailbox
    (mail,) = digest()
    assert mail.to == ["postbus@cbs.example.nl"]
    later = timezone.now() + datetime.timedelta(minutes=16)
    (mail,) = digest(now=later)
    assert mail.to == [contact.email] and "Signed something" in mail.body


def test_the_digest_in_the_contacts_language(project, leader, contact, digest):
    contact.language = "en"
    contact.save()
    project.cbs_contact = contact
    project.save()
    record(verb=DigestTestEvent.ASKED, by=leader, project=project)
    (mail,) = digest()
    assert "What customers did" in mail.body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_runs_at_once_send_one_mail(project, leader, mailoutbox):
    record(verb=DigestTestEvent.ASKED, by=leader, project=project)
    barrier = threading.Barrier(2)
    counts, errors = [], []

    def run():
        try:
            barrier.wait()
            counts.append(send_cbs_digest())
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sorted(counts) == [0, 1]
    assert len(mailoutbox) == 1
