"""Remote Access readiness on Mijn gegevens, kept per person (projects.readiness.kept_readiness):
after each kind of write that changes what a step reads, and when a new declaration text's
moment of publication comes, what is kept is what ``person_readiness`` finds now, and it did
change.

Writes run inside ``committed`` (pytest-django's capture of on_commit callbacks, executed): a test
runs in one transaction that never commits, and what is kept is forgotten on commit."""

import datetime
import time
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import UserDeclarationText
from accounts.services import (
    confidentiality_approve,
    confidentiality_declaration_upload,
    user_declaration_sign,
)
from projects.models import Role
from projects.readiness import kept_readiness, person_readiness
from requests_inbox.models import ActionKind, ActionStatus
from requests_inbox.services import (
    actions_complete,
    actions_withdraw,
    confidentiality_renewal_actions,
)
from tests.conftest import make_user
from tests.factories import AttemptFactory, AwarenessTestFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _plain(readiness):
    if readiness is None:
        return None
    return [(step.key, step.done, step.url, step.label) for step in readiness.steps]


def kept_is_live(person, *, on=None, before="unset"):
    """What Mijn gegevens shows (kept) is what the steps find now, and differs from ``before``.
    Returns it, for the next step."""
    kept = _plain(kept_readiness(person, today=on))
    assert kept == _plain(person_readiness(person, today=on))
    if before != "unset":
        assert kept != before
    return kept


def test_kept_is_read_without_a_query(researcher, django_assert_num_queries):
    first = _plain(kept_readiness(researcher.person))
    with django_assert_num_queries(0):
        assert _plain(kept_readiness(researcher.person)) == first


def test_the_page_shows_what_is_kept(researcher, client_of, committed):
    client = client_of(researcher)
    page = client.get(reverse("accounts:my_details")).content.decode()
    assert page.count("✗") == 4  # every step still to do (no text to sign yet)
    with committed():
        researcher.person.pid_code = "PID-7"
        researcher.person.save()  # as the back office saves a person
    page = client.get(reverse("accounts:my_details")).content.decode()
    assert page.count("✗") == 3


def test_team_membership_decides_whether_it_is_shown(project, committed):
    user = make_user(project.institution)
    person = user.person
    before = kept_is_live(person)
    assert before is None
    with committed():
        member = TeamMemberFactory(project=project, person=person, role=Role.RESEARCHER)
    before = kept_is_live(person, before=before)
    with committed():
        member.end_date, member.start_date = days(-1), days(-10)
        member.save()
    assert kept_is_live(person, before=before) is None


def test_person_pid_code_and_rsa_token(researcher, committed):
    person = researcher.person
    before = kept_is_live(person)
    with committed():
        person.pid_code = "PID-1"
        person.save()
    before = kept_is_live(person, before=before)
    with committed():
        person.rsa_token_id, person.rsa_token_expires = "RSA-1", days(30)
        person.save()
    kept_is_live(person, before=before)


def test_user_declaration_signed_and_a_new_text_published(researcher, committed):
    person = researcher.person
    UserDeclarationText.objects.create(version=1, text="Tekst 1", published_at=timezone.now())
    before = kept_is_live(person)
    with committed():
        user_declaration_sign(person=person, by=researcher, typed_name=person.full_name)
    before = kept_is_live(person, before=before)
    # A new text saved now, published at once: everyone signs again.
    with committed():
        UserDeclarationText.objects.create(version=2, text="Tekst 2", published_at=timezone.now())
    before = kept_is_live(person, before=before)
    with committed():
        user_declaration_sign(person=person, by=researcher, typed_name=person.full_name)
    before = kept_is_live(person, before=before)
    # A text published a moment from now: kept until that moment, then computed again with no
    # write in between (the test waits for the moment to pass; nothing is timed).
    moment = timezone.now() + datetime.timedelta(milliseconds=300)
    with committed():
        UserDeclarationText.objects.create(version=3, text="Tekst 3", published_at=moment)
    before = kept_is_live(person)  # still signed: version 3 is not published yet
    assert ("user_declaration", True) in [(key, done) for key, done, *_ in before]
    while timezone.now() <= moment:
        time.sleep(0.05)
    assert ("user_declaration", False) in [
        (key, done) for key, done, *_ in kept_is_live(person, before=before)
    ]


def test_confidentiality_declaration_approved_and_renewal_asked(researcher, staff, committed):
    person = researcher.person
    before = kept_is_live(person)
    with committed():
        declaration = confidentiality_declaration_upload(
            person=person, by=researcher, upload=BytesIO(PDF_BYTES), content_type="application/pdf"
        )
        confidentiality_approve(declaration=declaration, by=staff, valid_until=days(20))
    before = kept_is_live(person, before=before)
    with committed():
        declaration.valid_until = days(-1)  # expired, as saved in the back office
        declaration.save()
    before = kept_is_live(person, before=before)
    # A renewal action: the step missing links to it; completed or withdrawn in bulk, it does not.
    with committed():
        (action,) = confidentiality_renewal_actions(persons=[person])
    before = kept_is_live(person, before=before)
    assert reverse("requests_inbox:detail", args=[action.pk]) in [url for _k, _d, url, _l in before]
    with committed():
        actions_withdraw(ids=[action.pk])
    before = kept_is_live(person, before=before)
    with committed():
        (action,) = confidentiality_renewal_actions(persons=[person])
    before = kept_is_live(person, before=before)
    with committed():
        actions_complete(
            kind=ActionKind.CONFIDENTIALITY,
            person_id=person.pk,
            status=ActionStatus.APPROVED,
            by=staff,
        )
    kept_is_live(person, before=before)


def test_awareness_test_passed(researcher, committed):
    person = researcher.person
    before = kept_is_live(person)
    with committed():
        AttemptFactory(
            test=AwarenessTestFactory(), person=person, passed=True, valid_until=days(20)
        )
    kept_is_live(person, before=before)


def test_the_day_boundary(researcher, committed):
    person = researcher.person
    with committed():
        person.pid_code, person.rsa_token_id, person.rsa_token_expires = "PID-1", "RSA-1", days(0)
        person.save()
    kept = _plain(kept_readiness(person))
    assert ("rsa_token", True) in [(key, done) for key, done, *_ in kept]
    # Tomorrow the token has expired: what is kept is for today only (``also``: the date).
    kept_is_live(person, on=days(1), before=kept)


def test_models_the_readiness_does_not_read_keep_djangos_fast_delete():
    """The readiness listens to the models it reads only: a receiver of every sender would make
    Django fetch each row before a bulk delete of any model (sign-in's purge of ended sessions)."""
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session
    from django.db.models.signals import post_delete

    from accounts.models import Person

    assert post_delete.has_listeners(Person)
    assert not post_delete.has_listeners(UserSession)
    assert not post_delete.has_listeners(Session)
