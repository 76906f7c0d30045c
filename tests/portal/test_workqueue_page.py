"""The back office's work queue ("Werkvoorraad") on the admin index: every kind, oldest first,
with its age in working days, overdue marked against the service level CBS sets, "Mijn werk"."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConfidentialityDeclaration
from portal.models import ServiceLevel
from portal.services import service_level_set
from portal.workqueue import work_kinds, work_queue
from projects.models import Status
from tests.factories import (
    OutputCheckFactory,
    PersonFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(db):
    return ProjectFactory(status=Status.RUNNING)


# A Monday with no public holiday in the week before or after.
MONDAY = datetime.date(2026, 11, 23)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _section(sections, key):
    return next(section for section in sections if section.kind.key == key)


def test_every_kind_of_the_issue_is_registered():
    keys = {kind.key for kind in work_kinds()}
    assert {
        "project_submitted",
        "project_in_review",
        "cost_overview",
        "agreement_countersign",
        "declaration_review",
        "change_request",
        "output_check",
        "unanswered_messages",
        "account_request_waiting",
    } <= keys


def test_items_oldest_first_with_age_in_working_days_and_overdue_marked(running, staff):
    # Asked on the Monday a week before and on Wednesday; today is the next Monday.
    old = OutputCheckFactory(project=running)
    new = OutputCheckFactory(project=running)
    type(old).objects.filter(pk=old.pk).update(asked_at=_at(MONDAY - datetime.timedelta(days=7)))
    type(new).objects.filter(pk=new.pk).update(asked_at=_at(MONDAY - datetime.timedelta(days=5)))
    section = _section(work_queue(user=staff, today=MONDAY), "output_check")
    assert [row.item.title.split(" ", 1)[1] for row in section.items] == [
        old.package_name,
        new.package_name,
    ]
    # Monday → Monday: 5 working days; Wednesday → Monday: 3 (the weekend not counted).
    assert [row.age for row in section.items] == [5, 3]
    # Service level three working days: the first is past it, the second due today.
    assert [row.overdue for row in section.items] == [True, False]
    assert section.items[1].due == MONDAY


def test_service_level_set_by_cbs_replaces_the_default(running, staff):
    check = OutputCheckFactory(project=running)
    type(check).objects.filter(pk=check.pk).update(
        asked_at=_at(MONDAY - datetime.timedelta(days=5))
    )
    service_level_set(kind="output_check", working_days=2, days=None, by=staff)
    section = _section(work_queue(user=staff, today=MONDAY), "output_check")
    assert section.working_days == 2
    assert section.items[0].overdue
    service_level_set(kind="output_check", working_days=None, days=10, by=staff)
    section = _section(work_queue(user=staff, today=MONDAY), "output_check")
    assert (section.items[0].age, section.items[0].overdue) == (5, False)  # calendar days
    assert ServiceLevel.objects.count() == 1


def test_page_shows_the_queue_with_overdue_in_words_and_links(client_of, running, staff):
    check = OutputCheckFactory(project=running)
    type(check).objects.filter(pk=check.pk).update(
        asked_at=timezone.now() - datetime.timedelta(days=30)
    )
    page = client_of(staff).get(reverse("admin:index")).content.decode()
    assert "Werkvoorraad" in page
    assert "Te laat" in page
    assert reverse("admin:changes_outputcheck_change", args=[check.pk]) in page
    assert "werkdagen" in page


def test_my_work_shows_only_my_projects(client_of, staff):
    colleague = UserFactory(person=None, is_staff=True)
    mine = ProjectFactory(status=Status.SUBMITTED, cbs_contact=staff, title="Mijn aanvraag")
    ProjectFactory(status=Status.SUBMITTED, cbs_contact=colleague, title="Andermans aanvraag")
    client = client_of(staff)
    everything = client.get(reverse("admin:index")).content.decode()
    assert "Mijn aanvraag" in everything and "Andermans aanvraag" in everything
    only_mine = client.get(reverse("admin:index"), {"werk": "mijn"}).content.decode()
    assert mine.title in only_mine and "Andermans aanvraag" not in only_mine


def test_my_work_counts_a_declaration_once_when_its_person_is_on_two_of_my_projects(staff):
    """ "Mijn werk" reaches the declaration through the person's projects: a join that doubled
    the row would list and count it twice."""
    from tests.factories import TeamMemberFactory

    person = PersonFactory()
    for _ in range(2):
        TeamMemberFactory(project=ProjectFactory(cbs_contact=staff), person=person)
    TeamMemberFactory(project=ProjectFactory(), person=PersonFactory())  # not my project
    declaration = ConfidentialityDeclaration.objects.create(person=person, document="d/x.pdf")
    ConfidentialityDeclaration.objects.create(person=PersonFactory(), document="d/y.pdf")
    mine = _section(work_queue(user=staff, mine=True), "declaration_review")
    assert (mine.total, [row.item.url for row in mine.items]) == (
        1,
        [reverse("admin:accounts_confidentialitydeclaration_change", args=[declaration.pk])],
    )
    assert _section(work_queue(user=staff), "declaration_review").total == 2


def _work(size: int):
    for _ in range(size):
        project = ProjectFactory(status=Status.SUBMITTED)
        OutputCheckFactory(project=ProjectFactory(status=Status.RUNNING))
        ConfidentialityDeclaration.objects.create(person=PersonFactory(), document="d/x.pdf")
        ProjectFactory(status=Status.CONTRACT, cbs_contact=project.cbs_contact)


@pytest.mark.parametrize("mine", [False, True])
def test_query_count_constant_in_the_amount_of_work(client_of, staff, mine):
    client = client_of(staff)
    params = {"werk": "mijn"} if mine else {}
    _work(2)
    client.get(reverse("admin:index"), params)  # warm (session, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("admin:index"), params).status_code == 200
    _work(8)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("admin:index"), params).status_code == 200
    assert len(large) == len(small)


def test_weekly_summary_once_a_week_in_the_staff_language(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    from portal.models import WorkSummary
    from portal.work_summary import send_work_summaries

    staff.language = "en"
    staff.save()
    colleague = UserFactory(person=None, is_staff=True, language="nl")
    colleague.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    idle = UserFactory(person=None, is_staff=True)  # nothing of theirs: no mail
    ProjectFactory(status=Status.SUBMITTED, cbs_contact=staff, title="Staff's request")
    ProjectFactory(status=Status.IN_REVIEW, cbs_contact=colleague, title="Aanvraag collega")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_work_summaries(today=MONDAY) == 2
        assert send_work_summaries(today=MONDAY + datetime.timedelta(days=2)) == 0  # same week
    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {staff.email, colleague.email}
    english = by_address[staff.email]
    assert "Staff's request" in english.body and "Aanvraag collega" not in english.body
    assert "Submitted projects to take into review" in english.body
    assert "Projecten in behandeling" in by_address[colleague.email].body
    assert english.alternatives and "Staff&#x27;s request" in english.alternatives[0][0]
    assert not WorkSummary.objects.filter(recipient=idle).exists()
    # The next week: again.
    assert send_work_summaries(today=MONDAY + datetime.timedelta(days=7)) == 2


def test_weekly_summary_off_by_setting_and_run_by_its_command(staff, settings):
    from django.core.management import call_command

    from portal.models import WorkSummary

    ProjectFactory(status=Status.SUBMITTED, cbs_contact=staff)
    settings.WORK_SUMMARY_WEEKLY = False
    call_command("send_work_summaries", stdout=io.StringIO())
    assert not WorkSummary.objects.exists()
    settings.WORK_SUMMARY_WEEKLY = True
    call_command("send_work_summaries", stdout=io.StringIO())
    assert WorkSummary.objects.get().recipient == staff


def test_bijlage_inline_shows_the_sections_rendered_not_as_source(client_of, staff):
    from tests.factories import BijlageFactory

    project = ProjectFactory()
    bijlage = BijlageFactory(project=project)
    key = bijlage.definition.sections[0].key
    bijlage.sections = {key: "<p>Een <strong>vette</strong> zin</p><script>alert(1)</script>"}
    bijlage.save()
    page = client_of(staff).get(reverse("admin:projects_project_change", args=[project.pk]))
    html = page.content.decode()
    assert "Een <strong>vette</strong> zin" in html
    assert "&lt;strong&gt;" not in html and "<script>alert(1)" not in html


def test_demo_data_shows_every_kind_of_work_to_the_staff_login():
    from django.core.management import call_command

    from accounts.models import User

    call_command("load_demo", stdout=io.StringIO())
    jan = User.objects.get(email="medewerker@cbs.example.nl")
    empty = [section.kind.key for section in work_queue(user=jan) if not section.items]
    assert empty == []


@pytest.mark.parametrize(
    "today",
    [
        MONDAY,
        MONDAY + datetime.timedelta(days=3),
        datetime.date(2026, 12, 28),
        datetime.date(2027, 3, 30),
        datetime.date(2027, 4, 29),
    ],  # fmt: skip
)
@pytest.mark.parametrize(
    "level", [{"working_days": 3, "days": None}, {"working_days": None, "days": 4}]
)
def test_overdue_counted_in_the_database_as_each_item_says(running, staff, today, level):
    """The count of overdue items (one query, all items) agrees with each item's own due day,
    across weekends and public holidays (Christmas, Easter, King's Day), working days or days."""
    service_level_set(kind="output_check", by=staff, **level)
    for back in range(20):
        check = OutputCheckFactory(project=running)
        asked = _at(today - datetime.timedelta(days=back), hour=back % 24)
        type(check).objects.filter(pk=check.pk).update(asked_at=asked)
    section = _section(work_queue(user=staff, today=today, limit=100), "output_check")
    assert section.total == 20
    assert section.overdue_count == sum(row.overdue for row in section.items)
    assert 0 < section.overdue_count < 20


def test_the_page_lists_the_oldest_of_each_kind_and_links_to_them_all(client_of, running, staff):
    from portal.workqueue import LIMIT

    checks = []
    for back in range(LIMIT + 3):
        check = OutputCheckFactory(project=running, package_name=f"Pakket {back:02d}")
        type(check).objects.filter(pk=check.pk).update(
            asked_at=timezone.now() - datetime.timedelta(days=back)
        )
        checks.append(check)
    page = client_of(staff).get(reverse("admin:index")).content.decode()
    oldest, newest = checks[-1], checks[0]
    assert reverse("admin:changes_outputcheck_change", args=[oldest.pk]) in page
    assert reverse("admin:changes_outputcheck_change", args=[newest.pk]) not in page
    assert f"Outputcontrole: alle {LIMIT + 3}" in page
    assert reverse("admin:changes_outputcheck_changelist") + "?open=yes" in page
    listed = client_of(staff).get(reverse("admin:changes_outputcheck_changelist") + "?open=yes")
    assert newest.package_name in listed.content.decode()


def _count_app_lists(monkeypatch) -> list:
    from django.contrib.admin import AdminSite

    built = []
    build = AdminSite.get_app_list

    def counted(self, request, app_label=None):
        built.append(app_label)
        return build(self, request, app_label)

    monkeypatch.setattr(AdminSite, "get_app_list", counted)
    return built


def test_the_index_builds_its_app_list_once(staff, client_of, monkeypatch):
    """The index lists every model the user may see, grouped by app: the back office's
    navigation. Its list is built once a request."""
    built = _count_app_lists(monkeypatch)
    page = client_of(staff).get(reverse("admin:index"))
    assert page.status_code == 200
    assert built == [None]
    html = page.content.decode()
    changelist = reverse("admin:projects_project_changelist")
    assert html.count(f'href="{changelist}"') == 2  # the model's name and its change link


def test_the_index_lists_the_models_in_its_language_and_for_its_permissions(staff, client_of):
    """The list of models is a cached fragment: per language and per set of permissions."""
    projects = reverse("admin:projects_project_changelist")
    checks = reverse("admin:changes_outputcheck_changelist")
    nl = client_of(staff).get(reverse("admin:index")).content.decode()
    en = client_of(staff).get("/en" + reverse("admin:index")).content.decode()
    assert f'href="{projects}"' in nl and "Toevoegen" in nl
    assert f'href="/en{projects}"' in en and "Toevoegen" not in en and ">Add<" in en
    checker = UserFactory(person=None, is_staff=True)
    checker.user_permissions.set(Permission.objects.filter(codename="view_outputcheck"))
    own = client_of(checker).get(reverse("admin:index")).content.decode()
    assert f'{checks}"' in own and f'{projects}"' not in own  # in the language last chosen


def test_other_admin_pages_have_breadcrumbs_and_no_sidebar(staff, client_of, monkeypatch):
    """No navigation sidebar of every model (and no list of apps built for it): the breadcrumbs
    lead back to the app and to the index."""
    built = _count_app_lists(monkeypatch)
    page = client_of(staff).get(reverse("admin:changes_outputcheck_changelist"))
    assert page.status_code == 200
    assert built == []
    html = page.content.decode()
    assert 'id="nav-sidebar"' not in html
    breadcrumbs = html[html.index('class="breadcrumbs"') :].split("</div>")[0]
    assert f'href="{reverse("admin:index")}"' in breadcrumbs
    assert f'href="{reverse("admin:app_list", args=["changes"])}"' in breadcrumbs


def test_a_staff_login_without_permissions_sees_nothing_of_the_queue(client_of, running):
    bare = UserFactory(person=None, is_staff=True)
    OutputCheckFactory(project=running, package_name="geheim-pakket")
    ProjectFactory(status=Status.SUBMITTED, title="Geheime aanvraag")
    assert work_queue(user=bare) == []
    page = client_of(bare).get(reverse("admin:index")).content.decode()
    assert "geheim-pakket" not in page and "Geheime aanvraag" not in page
    assert running.title not in page


def test_each_kind_shows_only_to_staff_who_may_view_its_objects(running):
    checker = UserFactory(person=None, is_staff=True)
    checker.user_permissions.set(Permission.objects.filter(codename="view_outputcheck"))
    OutputCheckFactory(project=running)
    ProjectFactory(status=Status.SUBMITTED, title="Geheime aanvraag")
    assert [section.kind.key for section in work_queue(user=checker)] == ["output_check"]


def test_a_staff_summary_mail_holds_only_kinds_they_may_view(
    staff, mailoutbox, django_capture_on_commit_callbacks
):
    from portal.work_summary import send_work_summaries

    bare = UserFactory(person=None, is_staff=True)
    ProjectFactory(status=Status.SUBMITTED, cbs_contact=bare, title="Geheime aanvraag")
    with django_capture_on_commit_callbacks(execute=True):
        send_work_summaries(today=MONDAY)
    assert not [m for m in mailoutbox if m.to == [bare.email]]


def test_each_row_shows_its_age_in_the_pages_language(client_of, running, staff):
    import re

    check = OutputCheckFactory(project=running)
    type(check).objects.filter(pk=check.pk).update(
        asked_at=timezone.now() - datetime.timedelta(days=30)
    )
    nl = client_of(staff).get(reverse("admin:index")).content.decode()
    en = client_of(staff).get("/en" + reverse("admin:index")).content.decode()
    assert re.search(r"<td>\d+ werkdagen</td>", nl)
    assert re.search(r"<td>\d+ working days</td>", en) and "werkdag" not in en


def test_the_index_reads_no_recent_actions(staff, client_of):
    """The index is the work queue: no "Recent actions" box of the user's admin log entries
    (each object's history is on its own page), and no query for it."""
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(staff),
        object_id=str(staff.pk),
        object_repr="Recente wijziging",
        action_flag=CHANGE,
    )
    client = client_of(staff)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("admin:index")).content.decode()
    assert "Recente wijziging" not in html and 'id="recent-actions-module"' not in html
    assert not [q for q in queries.captured_queries if "django_admin_log" in q["sql"]]
