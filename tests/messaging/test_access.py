"""Who may read and write which conversation: allowed, each denied, wrong method, bad input."""

import pytest
from django.urls import reverse

from messaging.models import Message, Thread

pytestmark = pytest.mark.django_db


def _page(project):
    return reverse("messaging:project", args=[project.number])


def _send(project):
    return reverse("messaging:project_send", args=[project.number])


@pytest.mark.parametrize("who", ["leader", "researcher_plus"])
def test_leader_and_researcher_plus_write_to_cbs(request, who, project, client_of):
    user = request.getfixturevalue(who)
    response = client_of(user).post(_send(project), {"body": f"Vraag van {who}\nTweede regel"})
    assert response.status_code == 302
    message = Message.objects.get(thread__project=project)
    assert message.author == user and not message.from_cbs
    page = client_of(user).get(_page(project))
    assert "Tweede regel" in page.content.decode()


@pytest.mark.parametrize("who", ["researcher", "signatory", "viewer", "account_manager"])
def test_others_of_the_project_read_but_do_not_write(request, who, project, answered_thread,
                                                     client_of):  # fmt: skip
    user = request.getfixturevalue(who)
    page = client_of(user).get(_page(project))
    assert page.status_code == 200
    assert "Mag SPOLIS 2023 erbij?" in page.content.decode()
    assert 'name="body"' not in page.content.decode()
    before = Message.objects.count()
    assert client_of(user).post(_send(project), {"body": "mag ik?"}).status_code == 404
    assert Message.objects.count() == before


@pytest.mark.parametrize("who", ["outsider", "other_account_manager"])
def test_outsiders_get_404(request, who, project, answered_thread, client_of):
    user = request.getfixturevalue(who)
    assert client_of(user).get(_page(project)).status_code == 404
    assert client_of(user).post(_send(project), {"body": "x"}).status_code == 404
    changes = reverse("messaging:changes", args=[project.number])
    assert client_of(user).get(changes).status_code == 404


def test_anonymous_is_sent_to_the_login(client, project):
    response = client.get(_page(project))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_wrong_methods(project, leader, client_of):
    assert client_of(leader).get(_send(project)).status_code == 405
    assert client_of(leader).post(_page(project), {"body": "x"}).status_code == 405


def test_an_empty_message_is_refused_beside_the_field(project, leader, client_of):
    response = client_of(leader).post(_send(project), {"body": "   "})
    assert response.status_code == 400
    assert 'id="id_body_error"' in response.content.decode()
    assert not Message.objects.exists()


def test_a_refused_attachment_keeps_the_text(project, leader, client_of):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client_of(leader).post(
        _send(project), {"body": "Met bijlage", "attachments": [fake]}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Met bijlage" in text and 'id="id_attachments_error"' in text
    assert not Message.objects.exists()


def test_attachments_are_served_to_the_team_only(project, leader, researcher, account_manager,
                                                 outsider, client_of):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    client_of(leader).post(_send(project), {"body": "Zie bijlage", "attachments": [pdf]})
    attachment = Message.objects.get().attachments.get()
    url = reverse("messaging:attachment", args=[attachment.pk])
    response = client_of(researcher).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_of(account_manager).get(url).status_code == 404
    assert client_of(outsider).get(url).status_code == 404


# --- Questions to Klantenservice --------------------------------------------------------------


def test_ask_a_question_and_find_it_under_my_questions(leader, client_of):
    client = client_of(leader)
    response = client.post(
        reverse("messaging:question_new"), {"subject": "Token verlopen", "body": "Wat nu?"}
    )
    thread = Thread.objects.get(project__isnull=True)
    assert response.status_code == 302
    assert response["Location"] == reverse("messaging:question", args=[thread.pk])
    assert thread.started_by == leader and thread.waiting_since is not None
    listing = client.get(reverse("messaging:questions")).content.decode()
    assert "Token verlopen" in listing
    assert (
        client.post(
            reverse("messaging:question_reply", args=[thread.pk]), {"body": "Nog iets"}
        ).status_code
        == 302
    )
    assert thread.messages.count() == 2


def test_a_question_without_subject_is_refused_and_kept(leader, client_of):
    response = client_of(leader).post(reverse("messaging:question_new"), {"body": "Wat nu?"})
    assert response.status_code == 400
    assert 'id="id_subject_error"' in response.content.decode()
    assert "Wat nu?" in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.parametrize("who", ["researcher", "account_manager", "outsider"])
def test_only_the_asker_sees_a_question(request, who, question, client_of):
    user = request.getfixturevalue(who)
    assert client_of(user).get(reverse("messaging:question", args=[question.pk])).status_code == 404
    reply = reverse("messaging:question_reply", args=[question.pk])
    assert client_of(user).post(reply, {"body": "ik ook"}).status_code == 404
    assert (
        "Token verlopen" not in client_of(user).get(reverse("messaging:questions")).content.decode()
    )


def test_staff_without_a_person_do_not_ask_in_the_portal(staff, client_of):
    assert client_of(staff).get(reverse("messaging:question_new")).status_code == 404


def test_the_project_conversation_is_not_a_question(project, answered_thread, leader, client_of):
    url = reverse("messaging:question", args=[answered_thread.pk])
    assert client_of(leader).get(url).status_code == 404


def test_a_closed_projects_messages_are_read_only_and_offer_a_question(
    project, leader, answered_thread, client_of
):
    from projects.models import Project, Status

    Project.objects.filter(pk=project.pk).update(status=Status.CLOSED)
    client = client_of(leader)
    before = Message.objects.count()
    assert client.post(_send(project), {"body": "Nog een vraag"}).status_code == 404
    assert Message.objects.count() == before
    page = client.get(_page(project)).content.decode()
    assert "Mag SPOLIS 2023 erbij?" in page and 'name="body"' not in page
    assert "Dit project is afgesloten" in page
    ask = f"{reverse('messaging:question_new')}?project={project.number}"
    assert f'href="{ask}"' in page
    form = client.get(ask).content.decode()
    assert f'value="Project {project.number}: {project.title}"' in form


def test_a_question_names_only_a_project_the_user_may_see(client_of, leader, other_institution):
    from tests.factories import ProjectFactory

    foreign = ProjectFactory(institution=other_institution, title="Niet van jou")
    url = f"{reverse('messaging:question_new')}?project={foreign.number}"
    assert "Niet van jou" not in client_of(leader).get(url).content.decode()
