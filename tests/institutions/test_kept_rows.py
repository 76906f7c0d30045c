"""Mijn instelling's rows are kept ({% cache %}, cache "fragments") by everything they show: after
each kind of write that changes a row, the next page is the page computed with nothing kept."""

import datetime
import re

import pytest
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    Person,
    UserDeclarationSignature,
    UserDeclarationText,
)
from accounts.services import person_leave
from projects.models import Project, Role, Status
from tests.factories import AttemptFactory, PersonFactory, ProjectFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def _table(client, url) -> str:
    """The page's table, without the per-request CSRF tokens of its forms."""
    text = client.get(url).content.decode()
    table = text[text.index("<tbody>") : text.index("</tbody>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", table)


def _kept_is_live(client, url) -> str:
    """The table from the rows kept, asserted equal to the table with nothing kept. The writes
    here are updates in bulk, which forget nothing: the standing the rows are made from is
    computed again (its keeping is tested in test_kept_standing, through saves and services)."""
    cache.clear()
    kept = _table(client, url)
    caches["fragments"].clear()
    live = _table(client, url)
    assert kept == live
    return live


def _people_writes(researcher, project, account_manager):
    person = researcher.person
    test = AttemptFactory(
        person=person, passed=True, valid_until=TODAY() + 40 * DAY, submitted_at=timezone.now()
    ).test
    text = UserDeclarationText.objects.create(version=1, text="Tekst")
    return [
        lambda: Person.objects.filter(pk=person.pk).update(last_name="Anders"),
        lambda: Person.objects.filter(pk=person.pk).update(
            rsa_token_expires=TODAY() + 20 * DAY, rsa_token_id="123", pid_code="PID1"
        ),
        lambda: AttemptFactory(
            test=test,
            person=person,
            passed=True,
            valid_until=TODAY() + 300 * DAY,
            submitted_at=timezone.now(),
        ),  # fmt: skip
        lambda: UserDeclarationSignature.objects.create(
            person=person, text_version=text, signed_name=person.full_name, text_hash="0" * 64
        ),
        lambda: ConfidentialityDeclaration.objects.create(
            person=person, document="declarations/x.pdf", status=ConfidentialityStatus.SUBMITTED
        ),
        lambda: ConfidentialityDeclaration.objects.filter(person=person).update(
            status=ConfidentialityStatus.APPROVED, valid_until=TODAY() + 30 * DAY
        ),
        lambda: TeamMemberFactory(
            project=ProjectFactory(institution=project.institution),
            person=person,
            role=Role.RESEARCHER_PLUS,
        ),  # fmt: skip
        lambda: person.memberships.filter(project=project).update(role=Role.VIEWER),
        lambda: person_leave(person=person, on=TODAY() + 10 * DAY, by=account_manager),
        lambda: Person.objects.filter(pk=person.pk).update(left_on=TODAY()),
    ]


def test_people_rows_follow_every_write(client_of, account_manager, researcher, project):
    PersonFactory(institution=project.institution, last_name="Zonderzorgen")
    client = client_of(account_manager)
    url = reverse("institutions:people")
    before = _kept_is_live(client, url)
    for write in _people_writes(researcher, project, account_manager):
        write()
        after = _kept_is_live(client, url)
        assert after != before, write
        before = after


def test_people_rows_in_each_language(client_of, account_manager, researcher):
    client = client_of(account_manager)
    url = reverse("institutions:people")
    dutch = _kept_is_live(client, url)
    with translation.override("en"):  # the English pages are under /en/
        assert _kept_is_live(client, reverse("institutions:people")) != dutch


def test_project_rows_follow_every_write(client_of, account_manager, project, leader):
    client = client_of(account_manager)
    url = reverse("institutions:projects")
    before = _kept_is_live(client, url)
    writes = [
        lambda: Project.objects.filter(pk=project.pk).update(title="Een andere titel"),
        lambda: Project.objects.filter(pk=project.pk).update(end_date=TODAY() + 400 * DAY),
        lambda: TeamMemberFactory(project=project, role=Role.LEADER),
        lambda: leader.person.memberships.filter(project=project).update(role=Role.RESEARCHER),
        lambda: Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED),
        lambda: Project.objects.filter(pk=project.pk).update(status=Status.RUNNING),
        lambda: ProjectFactory(institution=project.institution, title="Nog een project"),
    ]
    for write in writes:
        write()
        after = _kept_is_live(client, url)
        assert after != before, write
        before = after
    with translation.override("en"):
        assert _kept_is_live(client, reverse("institutions:projects")) != before
