"""The usual people of the portal, as fixtures.

- ``leader``: Externe projectleider of ``project`` (institution ``institution``)
- ``researcher``, ``researcher_plus``, ``signatory``, ``viewer``: team members of ``project``
- ``outsider``: a researcher of another institution, leader of ``other_project``
- ``account_manager``: Accountbeheerder of ``institution``; ``other_account_manager`` of another
- ``staff``: CBS staff (Microdata medewerker); ``readonly_staff``: CBS staff, view only
- anonymous: the plain ``client`` fixture
"""

import threading

import factory.random
import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from django.utils import translation

from projects.models import Role
from tests.factories import (
    InstitutionFactory,
    PersonFactory,
    ProjectFactory,
    TeamMemberFactory,
    UserFactory,
)


class _OneRequestAtATime(ThreadedWSGIServer):
    """The live server for an in-memory SQLite database: Django hands the test's one connection
    to the server, and its request threads share it. Two pages asked at once (Rapportages'
    charts are images, asked together) then deadlock inside SQLite, where a Python function of
    Django's (a date truncation) waits for the lock another thread holds. Connections are still
    read in threads of their own (a browser's idle connection blocks nobody); the portal answers
    one request at a time, its whole response made while it holds the lock."""

    _lock = threading.Lock()

    def set_app(self, application):
        def one_at_a_time(environ, start_response):
            with self._lock:
                result = application(environ, start_response)
                try:
                    return [b"".join(result)]
                finally:
                    if hasattr(result, "close"):
                        result.close()

        super().set_app(one_at_a_time)


@pytest.fixture(scope="session", autouse=True)
def _live_server_one_request_at_a_time():
    from django.db import connection

    if connection.vendor != "sqlite":  # the test database of SQLite is in memory
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(LiveServerThread, "server_class", _OneRequestAtATime)
        yield


@pytest.fixture(autouse=True)
def _same_names_every_run(request):
    """The factories' made-up names (Faker) are drawn from a seed per test: a test that trips
    over a name ("van 't Riet" in HTML, a second "Eline") fails on every run, not now and then."""
    factory.random.reseed_random(request.node.nodeid)


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Each test starts in Dutch, as a visitor does; a request to /en/ must not leak."""
    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded documents go to a fresh folder per test (real files, never the real store)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/private-not-served/"},
        },
    }


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="AFAS Software")


@pytest.fixture
def other_institution(db):
    return InstitutionFactory(name="Universiteit Anders")


def make_user(institution, **person_fields):
    return UserFactory(person=PersonFactory(institution=institution, **person_fields))


@pytest.fixture
def project(institution):
    return ProjectFactory(institution=institution, title="Demo projectaanvraag")


def _member(project, role, **person_fields):
    user = make_user(project.institution, **person_fields)
    TeamMemberFactory(project=project, person=user.person, role=role)
    return user


@pytest.fixture
def leader(project):
    return _member(project, Role.LEADER, first_name="Piet", last_name="Bakker", initials="P.")


@pytest.fixture
def researcher(project):
    return _member(project, Role.RESEARCHER)


@pytest.fixture
def researcher_plus(project):
    return _member(project, Role.RESEARCHER_PLUS)


@pytest.fixture
def signatory(project):
    return _member(project, Role.SIGNATORY, is_signatory=True)


@pytest.fixture
def viewer(project):
    return _member(project, Role.VIEWER)


@pytest.fixture
def other_project(other_institution):
    return ProjectFactory(institution=other_institution, title="Ander project")


@pytest.fixture
def outsider(other_project):
    return _member(other_project, Role.LEADER)


@pytest.fixture
def account_manager(institution):
    return make_user(institution, is_account_manager=True)


@pytest.fixture
def other_account_manager(other_institution):
    return make_user(other_institution, is_account_manager=True)


@pytest.fixture
def staff(db):
    user = UserFactory(person=None, is_staff=True, email="medewerker@cbs.nl")
    user.user_permissions.set(Permission.objects.all())
    return user


@pytest.fixture
def readonly_staff(db):
    user = UserFactory(person=None, is_staff=True, email="alleenlezen@cbs.nl")
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return user


@pytest.fixture
def client_of(client):
    """``client_of(user)``: the test client, signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs the block's on_commit callbacks, as a commit would: a test runs in
    one transaction that never commits (what is kept until a write is forgotten on commit)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
