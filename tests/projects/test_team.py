import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.models import Event
from projects.models import Role, Status, TeamMember
from tests.conftest import make_user
from tests.factories import InstitutionFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _add_url(project):
    return reverse("projects:team_add", args=[project.number])


def _data(**overrides):
    data = {
        "role": Role.RESEARCHER,
        "start_date": timezone.localdate().isoformat(),
        "end_date": "",
        "function": "Hoofd onderzoeksafdeling",
    }
    data.update(overrides)
    return data


def test_add_page_in_dutch_lists_own_contact_persons_only(
    project, leader, other_institution, client_of
):
    PersonFactory(institution=project.institution, first_name="Gerro", last_name="Jager")
    PersonFactory(institution=other_institution, first_name="Vreemde", last_name="Eend")
    text = client_of(leader).get(_add_url(project)).content.decode()
    assert "Aanmaken teamlid" in text
    assert "vraag dan aan de Accountbeheerder van jouw organisatie" in text
    for label in [
        "Naam",
        "Rol",
        "Begindatum",
        "Einddatum",
        "Functie",
        "Toegang OSSC",
        "Tekenbevoegde (TB)",
    ]:
        assert label in text
    assert "AFAS Software - Gerro Jager" in text
    assert "Eend" not in text
    assert "Piet Bakker</option>" not in text  # already on the team


def test_add_signatory(project, leader, client_of):
    gerro = PersonFactory(institution=project.institution, is_signatory=True)
    response = client_of(leader).post(
        _add_url(project), _data(person=gerro.pk, role=Role.SIGNATORY, ossc_access="on")
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(project=project, person=gerro)
    assert member.role == Role.SIGNATORY and member.ossc_access
    assert member.function == "Hoofd onderzoeksafdeling"
    assert Event.objects.filter(project=project, verb="team.add", person=gerro).count() == 1
    text = client_of(leader).get(reverse("projects:detail", args=[project.number])).content.decode()
    assert "☑" in text


def test_signatory_role_only_for_persons_marked_tekenbevoegd(project, leader, client_of):
    person = PersonFactory(institution=project.institution, is_signatory=False)
    response = client_of(leader).post(
        _add_url(project), _data(person=person.pk, role=Role.SIGNATORY)
    )
    assert response.status_code == 400
    assert "Deze persoon is niet tekenbevoegd bij de instelling." in response.content.decode()
    assert not TeamMember.objects.filter(person=person).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({}, "Kies de persoon die je wilt toevoegen."),
        ({"end_date": "2000-01-01"}, "De einddatum kan niet voor de startdatum liggen."),
        ({"role": "god"}, "Selecteer een geldige keuze"),
        ({"start_date": "gisteren"}, "Voer een geldige datum in."),
    ],
)
def test_add_bad_input_kept(overrides, message, project, leader, client_of):
    person = PersonFactory(institution=project.institution)
    data = _data(**overrides)
    if overrides:
        data["person"] = person.pk
    response = client_of(leader).post(_add_url(project), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text
    assert "Hoofd onderzoeksafdeling" in text
    assert TeamMember.objects.filter(project=project).count() == 1


def test_person_of_other_institution_cannot_be_chosen_from_the_list(
    project, leader, other_institution, client_of
):
    stranger = PersonFactory(institution=other_institution)
    response = client_of(leader).post(_add_url(project), _data(person=stranger.pk))
    assert response.status_code == 400
    assert not TeamMember.objects.filter(person=stranger).exists()


def test_external_member_with_account_at_authorized_institution(
    project, leader, other_institution, client_of
):
    external = make_user(other_institution, last_name="Bouwer")
    response = client_of(leader).post(
        _add_url(project), _data(external_email=external.email.upper())
    )
    assert response.status_code == 302
    assert TeamMember.objects.filter(project=project, person=external.person).exists()


def test_external_member_needs_account_and_authorized_institution(project, leader, client_of):
    expired = InstitutionFactory(
        name="Verlopen", authorization_end=timezone.localdate() - datetime.timedelta(days=1)
    )
    user = make_user(expired)
    response = client_of(leader).post(_add_url(project), _data(external_email=user.email))
    assert CANNOT_ADD in response.content.decode()
    response = client_of(leader).post(_add_url(project), _data(external_email="niemand@example.nl"))
    assert CANNOT_ADD in response.content.decode()
    assert TeamMember.objects.filter(project=project).count() == 1


CANNOT_ADD = "Met dit e-mailadres kan niemand in deze rol worden toegevoegd."


def _error_of(response) -> str:
    import re

    return re.search(r'<ul class="[^"]*errorlist[^"]*"[^>]*>.*?</ul>|id="id_external_email_error"'
                     r'.*?</', response.content.decode(), re.S).group(0)  # fmt: skip


def test_adding_by_email_does_not_tell_who_has_an_account_or_may_sign(
    project, leader, other_institution, client_of
):
    """No account, or an account that may not sign: the same answer beside the same field."""
    not_signatory = make_user(other_institution, is_signatory=False)
    client = client_of(leader)
    no_account = client.post(
        _add_url(project), _data(external_email="niemand@example.nl", role=Role.SIGNATORY)
    )
    not_allowed = client.post(
        _add_url(project), _data(external_email=not_signatory.email, role=Role.SIGNATORY)
    )
    assert no_account.status_code == not_allowed.status_code == 400
    assert CANNOT_ADD in no_account.content.decode()
    assert _error_of(no_account).replace("niemand@example.nl", "") == _error_of(
        not_allowed
    ).replace(not_signatory.email, "")
    assert "niet tekenbevoegd" not in not_allowed.content.decode()
    assert TeamMember.objects.filter(project=project).count() == 1


def test_the_team_shows_mobile_numbers_of_own_colleagues_only(
    project, leader, other_institution, client_of
):
    from projects.models import TeamMember as Member

    colleague = PersonFactory(institution=project.institution, mobile="+31 6 11111111")
    outsider = make_user(other_institution, mobile="+31 6 99999999", email="extern@example.nl")
    Member.objects.create(project=project, person=colleague, role=Role.RESEARCHER,
                          start_date=timezone.localdate())  # fmt: skip
    Member.objects.create(project=project, person=outsider.person, role=Role.RESEARCHER,
                          start_date=timezone.localdate())  # fmt: skip
    text = client_of(leader).get(reverse("projects:detail", args=[project.number])).content.decode()
    assert "+31 6 11111111" in text
    assert "+31 6 99999999" not in text
    assert outsider.person.email in text  # the team can still reach them


def test_change_member(project, leader, researcher, client_of):
    member = TeamMember.objects.get(person=researcher.person)
    url = reverse("projects:team_change", args=[project.number, member.pk])
    client = client_of(leader)
    assert "Aanpassen teamlid" in client.get(url).content.decode()
    response = client.post(
        url, _data(role=Role.RESEARCHER_PLUS, start_date=member.start_date.isoformat())
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.RESEARCHER_PLUS
    event = Event.objects.get(project=project, verb="team.change")
    assert event.data["changes"]["role"] == ["researcher", "researcher_plus"]


def test_last_leader_cannot_step_down_or_be_removed(project, leader, client_of):
    member = TeamMember.objects.get(person=leader.person)
    client = client_of(leader)
    url = reverse("projects:team_change", args=[project.number, member.pk])
    response = client.post(url, _data(role=Role.VIEWER, start_date=member.start_date.isoformat()))
    assert (
        "Een project moet ten minste één externe projectleider houden." in response.content.decode()
    )
    response = client.post(
        url,
        _data(role=Role.LEADER, start_date=member.start_date.isoformat(), end_date="2000-01-01"),
    )
    member.refresh_from_db()
    assert member.role == Role.LEADER and member.end_date is None
    remove = reverse("projects:team_remove", args=[project.number, member.pk])
    response = client.post(remove, follow=True)
    assert (
        "Een project moet ten minste één externe projectleider houden." in response.content.decode()
    )
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_remove_member_with_confirmation(project, leader, researcher, client_of):
    member = TeamMember.objects.get(person=researcher.person)
    url = reverse("projects:team_remove", args=[project.number, member.pk])
    client = client_of(leader)
    assert "verwijderen uit het team" in client.get(url).content.decode()
    assert TeamMember.objects.filter(pk=member.pk).exists()
    assert client.post(url).status_code == 302
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert Event.objects.filter(project=project, verb="team.remove").count() == 1


def test_second_leader_can_be_removed(project, leader, client_of):
    other = make_user(project.institution)
    second = TeamMember.objects.create(
        project=project, person=other.person, role=Role.LEADER, start_date=timezone.localdate()
    )
    response = client_of(leader).post(
        reverse("projects:team_remove", args=[project.number, second.pk])
    )
    assert response.status_code == 302
    assert not TeamMember.objects.filter(pk=second.pk).exists()


def test_member_of_other_project_is_404(project, leader, other_project, outsider, client_of):
    theirs = TeamMember.objects.get(person=outsider.person)
    url = reverse("projects:team_change", args=[project.number, theirs.pk])
    assert client_of(leader).get(url).status_code == 404


def test_team_closed_after_closure(project, leader, client_of):
    project.status = Status.CLOSED
    project.save()
    assert client_of(leader).get(_add_url(project)).status_code == 404


def test_added_member_is_mailed_in_their_language(
    project, leader, client_of, django_capture_on_commit_callbacks
):
    from django.core import mail

    dutch = make_user(project.institution, first_name="Eline")
    english = make_user(project.institution, first_name="Emma", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        client_of(leader).post(_add_url(project), _data(person=dutch.person.pk))
        client_of(leader).post(_add_url(project), _data(person=english.person.pk))
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[dutch.email] == f"Je bent toegevoegd aan project {project.number}"
    assert subjects[english.email] == f"You have been added to project {project.number}"
    body = next(m.body for m in mail.outbox if m.to == [dutch.email])
    assert "als Onderzoeker" in body and "Piet Bakker" in body
