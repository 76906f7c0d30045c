import io
import shutil
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings

from portal import staff

pytestmark = pytest.mark.django_db


OWN_APPS = set(staff.OWN_APPS)


def _counts() -> dict:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in OWN_APPS
    }


class TheLoadedDemo(TestCase):
    """What the demo shows, on one load shared by the tests of this class (Django's
    ``setUpTestData``: loaded once in the class's transaction, each test in a savepoint of its
    own), its documents in a folder of the class's own. Loading takes some 3 s a time."""

    @classmethod
    def setUpClass(cls):
        media = Path(tempfile.mkdtemp(prefix="demo-media-"))
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        storages = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(media), "base_url": "/private-not-served/"},
            },
        }
        cls.enterClassContext(override_settings(MEDIA_ROOT=media, STORAGES=storages))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.output = io.StringIO()
        call_command("load_demo", stdout=cls.output)

    def test_a_second_load_changes_nothing(self):
        first = _counts()
        assert first["accounts.Institution"] >= 2
        assert first["projects.Project"] >= 2
        call_command("load_demo", stdout=io.StringIO())
        assert _counts() == first

    def test_it_matches_the_mockup(self):
        from accounts.models import Institution, User
        from portal.models import Event
        from projects.models import Project

        afas = Institution.objects.get(name="AFAS Software")
        assert afas.authorization_start.isoformat() == "2024-04-01"
        assert Project.objects.get(number=10014).title == "Demo projectaanvraag"
        assert Project.objects.get(number=10013).title == "Test proces projectaanvraag"
        history = Event.objects.filter(project__number=10014).values_list("verb", flat=True)
        assert list(history.order_by("pk")) == [
            "project.create",
            *["team.add"] * 3,
            "bijlage.save",
            "file.add",
            "file.add",
            "service.add",
            # messaging.demo: Piet's message on Berichten and CBS's answer
            "messaging.customer_message",
            "messaging.cbs_message",
        ]
        piet = User.objects.get(email="piet.bakker@example.nl")
        assert piet.person.full_name == "Piet Bakker"
        assert piet.check_password("Microdata-demo-2026")
        assert "piet.bakker@example.nl" in self.output.getvalue()

    def test_it_shows_piet_the_mockup_actions_and_a_cost_review(self):
        from projects.models import Project, Status
        from requests_inbox.models import Action, ActionKind

        subjects = set(
            Action.objects.open()
            .filter(person__first_name="Piet", person__last_name="Bakker")
            .values_list("kind", flat=True)
        )
        assert {
            ActionKind.USER_DECLARATION,
            ActionKind.CONFIDENTIALITY,
            ActionKind.NEW_CONTACT_PERSON,
            ActionKind.COST_REVIEW,
        } <= subjects
        # The mock-up's project list is unchanged: 10014 Oriëntatie, 10013 Contract opstellen.
        assert Project.objects.get(number=10014).status == Status.ORIENTATION
        assert Project.objects.get(number=10013).status == Status.CONTRACT
        assert Project.objects.get(number=10015).status == Status.COSTS_SENT

    def test_the_project_history_page_shows_what_piet_did(self):
        from accounts.models import User

        self.client.force_login(User.objects.get(email="piet.bakker@example.nl"))
        text = self.client.get("/projecten/10014/geschiedenis/").content.decode()
        assert "Project aangemaakt" in text and "Bestand toegevoegd" in text
        assert "Piet Bakker" in text
        assert "Er is nog niets vastgelegd." not in text

    def test_it_has_reminders_to_send_once(self):
        """The demo shows the reminders: a token, a declaration and a project that expire soon."""
        from portal.reminders import run_reminders

        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            first = run_reminders()
        assert first.sent["rsa_token"] >= 1
        assert first.sent["confidentiality"] >= 1
        assert first.sent["project_end"] >= 1
        assert any("RSA-token" in message.subject for message in mail.outbox)
        with self.captureOnCommitCallbacks(execute=True):
            assert run_reminders().total == 0


def test_load_demo_refuses_without_debug_and_loads_nothing(settings):
    from django.core.management import CommandError

    from accounts.models import User

    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError, match="REFUSED: load_demo makes a superuser"):
        call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    assert not User.objects.filter(is_superuser=True).exists()


def test_load_demo_without_debug_needs_i_know_and_warns(settings):
    settings.DEBUG = False
    settings.TESTING = False
    err = io.StringIO()
    call_command("load_demo", "--i-know", stdout=io.StringIO(), stderr=err)
    assert "WARNING: loading demo people with published passwords" in err.getvalue()
