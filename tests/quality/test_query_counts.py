"""A page's number of SQL queries does not grow with the data (no N+1).

Each page is measured with 1 related row and again with 50, and the counts must be equal:
- portal pages, discovered from the URL resolver (no parameters, or a project ``number``),
  for a project leader with actions, projects, team, files, attempts…, and for an account
  manager of the institution;
- every admin changelist (discovered from ``admin.site._registry``), the admin index (the work
  queue) and a project's change page (inlines) for CBS staff.
Rows are added with factories, and with the generic builder for models without one, so models
added later grow too.
"""

import collections
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Institution, Person, User
from projects.models import Project, Role
from tests.factories import (
    ActionFactory,
    PersonFactory,
    ProjectFactory,
    ProjectFileFactory,
    TeamMemberFactory,
)
from tests.quality.conftest import sign_in
from tests.quality.discovery import admin_models, build_instance, own_models, routes

pytestmark = pytest.mark.django_db

OWN_PARAMS = ("number", "project_number")


def pages_of(client) -> list[str]:
    urls = []
    for route in routes():
        if route.name is None or route.is_admin or any(p not in OWN_PARAMS for p in route.params):
            continue
        if route.name.startswith(("mfa_", "usersessions_")) or route.name in {"account_logout"}:
            continue
        urls.append(route)
    return urls


def measure(client, url: str) -> tuple[int, int, list[str]]:
    """The page's status and queries: the fewer of two requests after a warm-up (caches of
    content types, sessions). A write that comes by the clock, not by the page (the session's
    "last seen", at most once a minute), falls in one of the two on a slow run, never in both."""
    client.get(url)
    runs = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        runs.append(
            (response.status_code, len(queries), [q["sql"] for q in queries.captured_queries])
        )
    return min(runs, key=lambda run: run[1])


def _grow(model, count, anchors):
    """``count`` more rows of ``model`` tied to ``anchors`` where constraints allow. A tie that
    was refused twice (a row unique per person or project is there) is not tried again: each
    refusal is a rollback to a savepoint, on SQLite some 10 ms in this test's large transaction
    (1,594 of them were 16 of the test's 81 s, profiled on a loaded host)."""
    fallbacks = [
        anchors,
        {k: v for k, v in anchors.items() if k not in (Person, User)},
        {k: v for k, v in anchors.items() if k is Institution},
    ]
    refused = collections.Counter()
    for _ in range(count):
        for attempt, ties in enumerate(fallbacks):
            if refused[attempt] >= 2:
                continue
            try:
                with transaction.atomic():
                    build_instance(model, anchors=ties)
                break
            except IntegrityError:
                refused[attempt] += 1
        else:
            return


def grow_world(*, leader, project, institution, count):
    """Add ``count`` of everything that hangs off the leader, the project and the institution."""
    for _ in range(count):
        other = ProjectFactory(institution=institution)
        TeamMemberFactory(project=other, person=leader.person, role=Role.LEADER)
        TeamMemberFactory(project=project, person=PersonFactory(institution=institution))
        ProjectFileFactory(project=project)
        ActionFactory(person=leader.person, project=project)
        ActionFactory(person=leader.person, completed_at="2026-01-01T10:00:00Z", status="answered")
    anchors = {Institution: institution, Person: leader.person, User: leader, Project: project}
    for model in [*own_models(), *admin_models()]:
        _grow(model, count, anchors)


def _summary(sql: list[str]) -> str:
    shapes = collections.Counter(re.sub(r"\d+", "N", q)[:160] for q in sql)
    return "\n      ".join(f"{n}x {shape}" for shape, n in shapes.most_common(3))


def test_no_page_does_more_queries_with_more_data(
    client, leader, project, institution, account_manager, staff_member
):
    grow_world(leader=leader, project=project, institution=institution, count=1)
    people = {"leader": leader, "account_manager": account_manager}
    params = dict.fromkeys(OWN_PARAMS, project.number)

    def measure_all():
        result = {}
        for who, user in people.items():
            sign_in(client, user)
            for route in pages_of(client):
                url = reverse(route.name, kwargs={p: params[p] for p in route.params})
                result[(who, url)] = measure(client, url)
        sign_in(client, staff_member)
        for model in admin_models():
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            result[("staff", url)] = measure(client, url)
        # The admin index (the back office's work queue) and a project's change page with its
        # inlines: the staff pages that are not changelists.
        for url in (
            reverse("admin:index"),
            reverse("admin:projects_project_change", args=[project.pk]),
        ):
            result[("staff", url)] = measure(client, url)
        return result

    small = measure_all()
    grow_world(leader=leader, project=project, institution=institution, count=49)
    large = measure_all()

    measured = [key for key, (status, _, _) in small.items() if status == 200]
    assert any(url == reverse("portal:home") for _, url in measured)
    assert any("/admin/" in url for _, url in measured)
    # The newer signed-in pages: Mijn instelling (the account manager's) and Rapportages.
    for who, name in [
        ("account_manager", "institutions:overview"),
        ("account_manager", "institutions:people"),
        ("account_manager", "institutions:projects"),
        ("account_manager", "institutions:api_tokens"),
        ("staff", "admin:reports_report_changelist"),
    ]:
        assert (who, reverse(name)) in measured, name
    problems = []
    for key in measured:
        status, before, _ = small[key]
        status_after, after, sql = large[key]
        if status_after != 200:
            problems.append(f"{key}: answered {status_after} with more data")
        elif after != before:
            problems.append(
                f"{key[0]} {key[1]}: {before} queries with 1 row, {after} with 50\n"
                f"      {_summary(sql)}"
            )
    assert not problems, "Queries grow with the data (N+1):\n" + "\n".join(problems)
