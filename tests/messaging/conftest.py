import pytest

from messaging import services
from messaging.models import Thread


@pytest.fixture
def cbs_contact(staff, project):
    project.cbs_contact = staff
    project.save(update_fields=["cbs_contact"])
    return staff


@pytest.fixture
def question(leader):
    """A question of the leader to Klantenservice."""
    return services.question_ask(by=leader, subject="Token verlopen", body="Hoe nu verder?")


@pytest.fixture
def answered_thread(project, leader, cbs_contact) -> Thread:
    """The leader asked on the project's conversation and CBS answered (unread for the leader)."""
    services.project_message_send(project=project, by=leader, body="Mag SPOLIS 2023 erbij?")
    thread = services.project_thread(project)
    services.cbs_reply(thread=thread, by=cbs_contact, body="Ja, zie https://www.cbs.nl/spolis.")
    return thread
