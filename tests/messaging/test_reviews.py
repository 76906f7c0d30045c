"""Review rounds: each submission freezes Bijlage 1-3 as a numbered version; CBS comments per
section; both sides see what changed since the previous submission (portal and admin)."""

import pytest
from django.core import mail
from django.urls import reverse

from messaging import services
from messaging.models import ReviewComment
from portal.refusals import Refusal
from projects.models import Bijlage, BijlageVersion, Status
from projects.services import project_transition
from tests.projects.helpers import make_ready_for_submission

pytestmark = pytest.mark.django_db


def _write(project, kind, **sections):
    bijlage = Bijlage.objects.get(project=project, kind=kind)
    bijlage.sections = {**bijlage.sections, **sections}
    bijlage.save()


def _submit(project, leader):
    make_ready_for_submission(project)
    project_transition(project=project, move="submit", by=leader)


@pytest.fixture
def returned(project, leader, staff):
    """Submitted once, commented on by CBS and returned to Oriëntatie."""
    _write(project, 1, data="<p>Inkomensgegevens van <strong>CBS</strong>.</p>")
    _submit(project, leader)
    services.review_comment_add(project=project, by=staff, kind=1, section="data",
                                text="Welke bestanden precies?")  # fmt: skip
    project_transition(project=project, move="return_to_orientation", by=staff, reason="Zie opm.")
    return project


def test_each_submission_freezes_a_numbered_version(returned, leader):
    first = BijlageVersion.objects.get(project=returned)
    assert first.number == 1 and first.submitted_by == leader
    assert first.section_text(1, "data") == "<p>Inkomensgegevens van <strong>CBS</strong>.</p>"
    _write(returned, 1, data="<p>Inkomensgegevens van CBS (IPI, 2015-2023).</p>")
    _submit(returned, leader)
    numbers = list(BijlageVersion.objects.filter(project=returned).values_list("number", flat=True))
    assert numbers == [1, 2]
    assert first.section_text(1, "data") == "<p>Inkomensgegevens van <strong>CBS</strong>.</p>"


def test_the_comment_shows_beside_its_section_and_in_the_thread(returned, leader, client_of):
    assert returned.status == Status.ORIENTATION
    page = client_of(leader).get(reverse("projects:bijlage", args=[returned.number, 1]))
    text = page.content.decode()
    assert "Welke bestanden precies?" in text
    # beside "Data needed and linking" (the section's field comes just before it)
    assert text.index('name="data"') < text.index("Welke bestanden precies?")
    assert text.index("Welke bestanden precies?") < text.index('name="methods"')
    thread = client_of(leader).get(reverse("messaging:project", args=[returned.number]))
    assert "Welke bestanden precies?" in thread.content.decode()


def test_a_comment_mails_the_team(project, leader, staff, django_capture_on_commit_callbacks):
    _submit(project, leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.review_comment_add(project=project, by=staff, kind=2, section="dates",
                                    text="Noem een datum.")  # fmt: skip
    assert [m.to for m in mail.outbox] == [[leader.person.notification_email]]
    assert "opmerking" in mail.outbox[0].subject


def test_after_the_next_submission_the_old_comments_are_no_longer_beside(returned, leader,
                                                                        client_of):  # fmt: skip
    _submit(returned, leader)
    page = client_of(leader).get(reverse("projects:bijlage", args=[returned.number, 1]))
    assert "Welke bestanden precies?" not in page.content.decode()


def test_comments_are_refused_when_they_cannot_be_placed(project, leader, staff):
    with pytest.raises(Refusal):  # not submitted yet
        services.review_comment_add(project=project, by=staff, kind=1, section="data", text="x")
    _submit(project, leader)
    with pytest.raises(Refusal):  # no such section
        services.review_comment_add(project=project, by=staff, kind=1, section="nope", text="x")
    with pytest.raises(Refusal):  # not CBS
        services.review_comment_add(project=project, by=leader, kind=1, section="data", text="x")
    assert not ReviewComment.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_changes_since_the_previous_submission(returned, leader, viewer, client_of, language):
    _write(returned, 1, data="<p>Inkomensgegevens van CBS (IPI, 2015-2023).</p>")
    _submit(returned, leader)
    prefix = "/en" if language == "en" else ""
    page = client_of(viewer).get(f"{prefix}/projecten/{returned.number}/wijzigingen/")
    assert page.status_code == 200
    text = page.content.decode()
    removed = "[removed:" if language == "en" else "[verwijderd:"
    assert f'<del><span class="cbs-visually-hidden">{removed}</span>CBS.' in text
    assert "CBS (IPI, 2015-2023).</span>" not in text
    assert "CBS (IPI, 2015-2023).<span" in text  # inside <ins>
    heading = "Changes since the previous submission" if language == "en" else "Wijzigingen"
    assert heading in text
    # A version that does not exist is a 404, not a guess.
    missing = f"{prefix}/projecten/{returned.number}/wijzigingen/?versie=9"
    assert client_of(viewer).get(missing).status_code == 404


def test_the_admin_shows_the_changes_and_takes_a_comment(returned, leader, staff, client_of):
    _write(returned, 1, data="<p>Inkomensgegevens van CBS (IPI).</p>")
    _submit(returned, leader)
    version = BijlageVersion.objects.get(project=returned, number=2)
    client = client_of(staff)
    page = client.get(reverse("admin:projects_bijlageversion_change", args=[version.pk]))
    assert "<del>" in page.content.decode() and "<ins>" in page.content.decode()
    url = reverse("admin:projects_bijlageversion_comment", args=[version.pk])
    assert client.post(url, {"section": "1:data", "text": ""}).status_code == 400  # refused
    response = client.post(url, {"section": "1:data", "text": "Nu goed."})
    assert response.status_code == 302
    assert ReviewComment.objects.filter(version=version, text="Nu goed.").exists()


def test_readonly_staff_cannot_comment(returned, readonly_staff, client_of):
    version = BijlageVersion.objects.get(project=returned)
    url = reverse("admin:projects_bijlageversion_comment", args=[version.pk])
    response = client_of(readonly_staff).post(url, {"section": "1:data", "text": "x"})
    assert response.status_code == 403
    assert ReviewComment.objects.count() == 1
