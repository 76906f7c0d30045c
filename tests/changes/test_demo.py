import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from changes.models import ChangeStatus, OutputStatus
from projects.models import Project, Publication, Status

pytestmark = pytest.mark.django_db


def test_demo_shows_piet_a_running_project_with_phase_three_work(client):
    call_command("load_demo", stdout=io.StringIO())
    project = Project.objects.get(number=10021)
    assert project.status == Status.RUNNING
    change = project.change_requests.get()
    assert change.status == ChangeStatus.IN_REVIEW
    check = project.output_checks.get(package_name="export-2026-11-tabellen")
    assert check.status == OutputStatus.ADJUST and check.comments
    assert Publication.objects.filter(project=project).expected_within(14).count() == 1

    call_command("load_demo", stdout=io.StringIO())  # idempotent
    # The second output check waits on CBS (the work queue's demo, changes.demo.load_work_queue).
    assert project.change_requests.count() == 1 and project.output_checks.count() == 2
    assert project.output_checks.open().count() == 1

    client.force_login(User.objects.get(email="piet.bakker@example.nl"))
    text = client.get(reverse("projects:detail", args=[10021])).content.decode()
    assert "In behandeling bij CBS" in text and "Aanpassen" in text
