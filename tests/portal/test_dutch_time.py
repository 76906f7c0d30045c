"""Every time shown is Dutch time (Europe/Amsterdam), written in one format (portal.dutch_time)."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.audit import record
from portal.dutch_time import moment
from portal.models import Event

pytestmark = pytest.mark.django_db

# 19:05 UTC is 20:05 in winter (CET) and 21:05 in summer (CEST).
WINTER = datetime.datetime(2026, 12, 6, 19, 5, tzinfo=datetime.UTC)
SUMMER = datetime.datetime(2026, 7, 1, 19, 5, tzinfo=datetime.UTC)


def test_moment_is_dutch_time_in_one_format():
    assert moment(WINTER) == "06-12-2026 20:05"
    assert moment(SUMMER) == "01-07-2026 21:05"
    assert moment(None) == ""


def _event_at(project, leader, when):
    """An event recorded at ``when``."""
    record(
        verb="project.submit",
        by=leader,
        target=project,
        project=project,
        to_state="submitted",
        at=when,
    )
    return Event.objects.filter(project=project).latest("pk")


@pytest.mark.parametrize(("when", "shown"), [(WINTER, "20:05"), (SUMMER, "21:05")])
def test_admin_project_history_shows_dutch_time_as_the_portal_does(
    client_of, staff, leader, project, when, shown
):
    _event_at(project, leader, when)
    admin = client_of(staff).get(reverse("admin:projects_project_change", args=[project.pk]))
    day = when.strftime("%d-%m-%Y")
    assert f"{day} {shown}" in admin.content.decode()
    assert f"{day} {when:%H:%M}" not in admin.content.decode()
    portal = client_of(leader).get(reverse("projects:history", args=[project.number]))
    assert f"{day} {shown}" in portal.content.decode()


def test_admin_lists_write_times_in_the_same_format(client_of, staff, leader, project):
    """The admin's own date-time columns (the event list's "created") and an event's name."""
    event = _event_at(project, leader, WINTER)
    text = client_of(staff).get(reverse("admin:portal_event_changelist")).content.decode()
    assert "06-12-2026 20:05" in text
    event.refresh_from_db()
    assert str(event).startswith("06-12-2026 20:05 ")


def test_times_are_written_only_by_the_one_definition():
    """No other code or template writes a time of day of its own (strftime, date filter)."""
    # (A machine-read UTC stamp, ISO 8601 with its "T", is no time shown: security.txt's.)
    own = re.compile(r"(?<!T)%H:%M|[\"']\S*H:i[\"']")
    found = []
    for path in Path(settings.BASE_DIR).rglob("*"):
        if path.suffix not in {".py", ".html", ".txt"} or not path.is_file():
            continue
        parts = path.relative_to(settings.BASE_DIR).parts
        if parts[0] in {".venv", "tests", "benchmarks", "var", "staticfiles", "node_modules"}:
            continue
        if path.name == "dutch_time.py":
            continue
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            if own.search(line):
                found.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not found, "times written outside portal.dutch_time:\n" + "\n".join(found)
