import pytest
from django.urls import reverse

from portal.models import Event
from portal.refusals import Refusal
from projects.models import Bijlage, BijlageStatus, Project, Status
from projects.services import StaleBijlage, bijlage_finalize, bijlage_save

pytestmark = pytest.mark.django_db

FULL_1 = {
    "goal": "<p>Doel</p>",
    "questions": "<p>Vragen</p>",
    "data": "<p>Data</p>",
    "methods": "<p>Methoden</p>",
}


def _bijlage(project, kind=1):
    return Bijlage.objects.get(project=project, kind=kind)


def _urls(project, kind=1):
    args = [project.number, kind]
    return (
        reverse("projects:bijlage", args=args),
        reverse("projects:bijlage_save", args=args),
        reverse("projects:bijlage_finalize", args=args),
    )


def test_form_in_dutch_with_two_actions(project, leader, client_of):
    page, save, finalize = _urls(project)
    text = client_of(leader).get(page).content.decode()
    assert "Bijlage 1. Onderzoeksvoorstel" in text
    assert "Doel van het microdataproject" in text
    assert "Probleemstelling / onderzoeksvragen" in text
    assert f'action="{save}"' in text
    assert f'formaction="{finalize}"' in text
    assert "Opslaan" in text and "Definitief maken" in text


@pytest.mark.parametrize("kind", [2, 3])
def test_bijlagen_2_and_3_have_sections(kind, project, leader, client_of):
    text = client_of(leader).get(_urls(project, kind)[0]).content.decode()
    expected = {
        2: ["Publicatieplan", "Beoogde publicaties", "Verwachte data"],
        3: ["AVG-grondslag en -doel", "Grondslag voor de verwerking", "Doel van de verwerking"],
    }
    for label in expected[kind]:
        assert label in text


@pytest.mark.parametrize(
    "role", ["researcher", "researcher_plus", "signatory", "viewer", "account_manager"]
)
def test_others_read_without_form_and_cannot_post(role, project, leader, request, client_of):
    user = request.getfixturevalue(role)
    page, save, finalize = _urls(project)
    client = client_of(user)
    text = client.get(page).content.decode()
    assert "Definitief maken" not in text and "<textarea" not in text
    assert client.post(save, {"version": 0, **FULL_1}).status_code == 404
    assert client.post(finalize, {"version": 0, **FULL_1}).status_code == 404
    assert _bijlage(project).status == BijlageStatus.TO_FILL


def test_outsider_gets_404(project, leader, outsider, client_of):
    page, save, _ = _urls(project)
    assert client_of(outsider).get(page).status_code == 404
    assert client_of(outsider).post(save, {"version": 0}).status_code == 404


def test_save_incomplete_concept(project, leader, client_of):
    _, save, _ = _urls(project)
    response = client_of(leader).post(save, {"version": 0, "goal": "<p>Alleen het doel</p>"})
    assert response.status_code == 302
    bijlage = _bijlage(project)
    assert bijlage.status == BijlageStatus.DRAFT
    assert bijlage.sections["goal"] == "<p>Alleen het doel</p>"
    assert bijlage.version == 1
    assert bijlage.updated_by == leader
    assert Event.objects.filter(project=project, verb="bijlage.save").count() == 1


def test_finalize_requires_every_required_section(project, leader, client_of):
    _, _, finalize = _urls(project)
    data = {"version": 0, "goal": "<p>Doel</p>", "questions": "<p>&nbsp;</p>"}
    response = client_of(leader).post(finalize, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vul “Probleemstelling / onderzoeksvragen” in." in text
    assert "Vul “Analysemethoden” in." in text
    assert "Vul “Planning” in." not in text  # optional
    assert "&lt;p&gt;Doel&lt;/p&gt;" in text  # kept in the form
    assert _bijlage(project).status == BijlageStatus.TO_FILL


def test_finalize_locks(project, leader, client_of):
    page, save, finalize = _urls(project)
    client = client_of(leader)
    assert client.post(finalize, {"version": 0, **FULL_1}).status_code == 302
    bijlage = _bijlage(project)
    assert bijlage.status == BijlageStatus.FINAL
    text = client.get(page).content.decode()
    assert "<textarea" not in text and "Definitief" in text
    response = client.post(save, {"version": bijlage.version, "goal": "<p>Later</p>"}, follow=True)
    assert (
        "Deze bijlage is definitief en kan niet meer worden gewijzigd." in response.content.decode()
    )
    assert _bijlage(project).sections["goal"] == "<p>Doel</p>"


def test_only_in_orientation(project, leader, client_of):
    Project.objects.filter(pk=project.pk).update(status=Status.SUBMITTED)
    page, save, _ = _urls(project)
    client = client_of(leader)
    assert "<textarea" not in client.get(page).content.decode()
    assert client.post(save, {"version": 0, **FULL_1}).status_code == 404
    project.refresh_from_db()
    with pytest.raises(Refusal):
        bijlage_save(bijlage=_bijlage(project), by=leader, sections=FULL_1, version=0)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hoi<script>alert(1)</script></p>", "<p>Hoi</p>"),
        ('<p onclick="steal()">Klik</p>', "<p>Klik</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<p style="display:none">Verborgen</p>', "<p>Verborgen</p>"),
        ('<img src="https://evil.example/x.png">', ""),
        ("<iframe src='https://evil.example'></iframe>", ""),
    ],
)
def test_sanitized_on_save(dirty, clean, project, leader, client_of):
    _, save, _ = _urls(project)
    client_of(leader).post(save, {"version": 0, "goal": dirty})
    assert _bijlage(project).sections["goal"] == clean


def test_stale_save_refused_both_texts_kept(project, leader, client_of):
    """Two people opened version 0; the first saves; the second's save is refused, not lost."""
    other = Bijlage.objects.get(project=project, kind=1)
    bijlage_save(
        bijlage=other, by=leader, sections={"goal": "<p>Tekst van de ander</p>"}, version=0
    )
    page, save, _ = _urls(project)
    response = client_of(leader).post(save, {"version": 0, "goal": "<p>Mijn tekst</p>"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "Iemand anders heeft deze bijlage opgeslagen" in text
    assert "&lt;p&gt;Mijn tekst&lt;/p&gt;" in text  # mine, in the form
    assert "<p>Tekst van de ander</p>" in text  # theirs, read-only
    assert 'name="version" value="1"' in text
    assert _bijlage(project).sections["goal"] == "<p>Tekst van de ander</p>"
    # Saving again on purpose (with the version just shown) replaces theirs.
    response = client_of(leader).post(save, {"version": 1, "goal": "<p>Mijn tekst</p>"})
    assert response.status_code == 302
    assert _bijlage(project).sections["goal"] == "<p>Mijn tekst</p>"


def test_stale_finalize_refused(project, leader):
    bijlage = _bijlage(project)
    bijlage_save(bijlage=bijlage, by=leader, sections={"goal": "<p>A</p>"}, version=0)
    with pytest.raises(StaleBijlage) as stale:
        bijlage_finalize(bijlage=_bijlage(project), by=leader, sections=FULL_1, version=0)
    assert stale.value.current.sections["goal"] == "<p>A</p>"
    assert _bijlage(project).status == BijlageStatus.DRAFT


def test_bad_version_is_a_form_error(project, leader, client_of):
    _, save, _ = _urls(project)
    response = client_of(leader).post(save, {"version": "abc", "goal": "<p>x</p>"})
    assert response.status_code == 400
    assert _bijlage(project).status == BijlageStatus.TO_FILL


def test_unknown_section_keys_ignored(project, leader):
    bijlage = bijlage_save(
        bijlage=_bijlage(project), by=leader, sections={"goal": "<p>x</p>", "evil": "y"}, version=0
    )
    assert "evil" not in bijlage.sections


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_one_wins_one_is_told(institution):
    """Two leaders press Opslaan on the same version at once: one save, one StaleBijlage."""
    import threading

    from django.db import connection, connections

    from projects.models import Role
    from tests.conftest import make_user
    from tests.factories import ProjectFactory, TeamMemberFactory

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers; the conditional UPDATE is exercised on PostgreSQL")
    project = ProjectFactory(institution=institution)
    users = [make_user(institution) for _ in range(2)]
    for user in users:
        TeamMemberFactory(project=project, person=user.person, role=Role.LEADER)
    barrier, outcomes = threading.Barrier(2), []

    def save(user, text):
        try:
            barrier.wait()
            bijlage_save(bijlage=_bijlage(project), by=user, sections={"goal": text}, version=0)
            outcomes.append("saved")
        except StaleBijlage:
            outcomes.append("stale")
        finally:
            connections.close_all()  # this thread's connection (CONN_MAX_AGE would keep it)

    threads = [
        threading.Thread(target=save, args=(user, f"<p>Tekst {i}</p>"))
        for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale"]
    assert _bijlage(project).version == 1
