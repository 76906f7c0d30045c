"""The retention rule after the archive period (manage.py archive_retention): what is removed,
what stays, and that nothing else changes."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from portal.models import Event
from projects.models import Bijlage, Project, ProjectFileDocument, Status, TeamMember
from projects.services_closure import archive_remove, project_close
from requests_inbox.models import Action, ActionAttachment, CostOverview
from tests.factories import (
    ActionFactory,
    CostOverviewFactory,
    ProjectFactory,
    ProjectFileFactory,
    PublicationFactory,
    TeamMemberFactory,
)
from tests.quality.discovery import diff_snapshots, snapshot

PDF = b"%PDF-1.4\n%test\n"


def _fill(project) -> list[str]:
    """Documents, texts and a team for a project; returns the stored file names."""
    names = []
    project_file = ProjectFileFactory(project=project)
    document = ProjectFileDocument(
        project_file=project_file, original_name="plan.pdf", content_type="application/pdf", size=3
    )
    document.document.save("doc.pdf", ContentFile(PDF), save=True)
    names.append(document.document.name)
    member = TeamMemberFactory(project=project)
    action = ActionFactory(person=member.person, project=project)
    action.document.save("upload.pdf", ContentFile(PDF), save=True)
    names.append(action.document.name)
    attachment = ActionAttachment(action=action, name="bijlage.pdf")
    attachment.document.save("att.pdf", ContentFile(PDF), save=True)
    names.append(attachment.document.name)
    overview = CostOverviewFactory(project=project)
    overview.pdf.save("kosten.pdf", ContentFile(PDF), save=True)
    names.append(overview.pdf.name)
    Bijlage.objects.filter(project=project).update(sections={"goal": "<p>Doel</p>"})
    PublicationFactory(project=project)
    return names


def _closed(project, staff, *, days_ago: int):
    Project.objects.filter(pk=project.pk).update(status=Status.RUNNING)
    project.refresh_from_db()
    project_close(project=project, by=staff)
    Project.objects.filter(pk=project.pk).update(
        archive_until=timezone.localdate() - datetime.timedelta(days=days_ago)
    )
    project.refresh_from_db()
    return project


@pytest.fixture
def due(project, leader, staff, django_capture_on_commit_callbacks):
    names = _fill(project)
    _closed(project, staff, days_ago=1)
    return project, names


def test_removes_documents_and_team_and_keeps_number_title_events(
    due, django_capture_on_commit_callbacks
):
    project, names = due
    number = project.number
    events_before = Event.objects.filter(project=project).count()
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("archive_retention", stdout=io.StringIO())
    project.refresh_from_db()
    assert (project.number, project.status) == (number, Status.CLOSED)
    assert project.title == "Demo projectaanvraag"
    assert project.archive_removed_at is not None
    assert not any(default_storage.exists(name) for name in names)
    assert not ProjectFileDocument.objects.filter(project_file__project=project).exists()
    assert not ActionAttachment.objects.filter(action__project=project).exists()
    assert not Action.objects.filter(project=project).exists()
    assert not CostOverview.objects.filter(project=project).exclude(pdf="").exists()
    assert not TeamMember.objects.filter(project=project).exists()
    assert list(Bijlage.objects.filter(project=project).values_list("sections", flat=True)) == [
        {},
        {},
        {},
    ]
    assert Event.objects.filter(project=project).count() == events_before + 1
    event = Event.objects.get(project=project, verb="project.archive_remove")
    assert event.data["project_files"] >= 1 and event.data["team"] >= 2


def test_nothing_else_is_removed(due, staff, other_project, django_capture_on_commit_callbacks):
    """Other projects (running, closed within the archive period) keep everything; in the
    project itself, only the tables of the rule change."""
    project, _names = due
    other_names = _fill(other_project)
    kept = ProjectFactory()
    kept_names = _fill(kept)
    _closed(kept, staff, days_ago=-30)  # archive period still running
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("archive_retention", stdout=io.StringIO())
    changed = {name.split(" ")[0] for name in diff_snapshots(before, snapshot())}
    assert changed == {
        "projects_project",  # archive_removed_at of the project due
        "projects_projectfiledocument",
        "projects_bijlage",
        "projects_teammember",
        "projects_projectfile",  # the explanations cleared
        "projects_publication",
        "requests_inbox_action",
        "requests_inbox_actionattachment",
        "requests_inbox_costoverview",  # the PDF's name and the reason cleared
        "portal_event",  # one event added, the project's events without personal text
    }
    for name in other_names + kept_names:
        assert default_storage.exists(name)
    for p in (other_project, kept):
        assert TeamMember.objects.filter(project=p).exists()
        assert ProjectFileDocument.objects.filter(project_file__project=p).exists()


def test_idempotent(due, django_capture_on_commit_callbacks):
    project, _names = due
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("archive_retention", stdout=out)
    assert "Archives removed: 1." in out.getvalue()
    before = snapshot()
    out = io.StringIO()
    call_command("archive_retention", stdout=out)
    assert "Archives removed: 0." in out.getvalue()
    assert diff_snapshots(before, snapshot()) == []
    assert archive_remove(project=project) == {}


def test_not_before_the_end_of_the_archive_period(project, leader, staff):
    _fill(project)
    _closed(project, staff, days_ago=0)  # the last day of the archive period
    call_command("archive_retention", stdout=io.StringIO())
    project.refresh_from_db()
    assert project.archive_removed_at is None
    assert TeamMember.objects.filter(project=project).exists()


def test_running_project_is_never_touched(project, leader):
    _fill(project)
    Project.objects.filter(pk=project.pk).update(
        status=Status.RUNNING, archive_until=datetime.date(2000, 1, 1)
    )
    assert archive_remove(project=project) == {}
    assert TeamMember.objects.filter(project=project).exists()
