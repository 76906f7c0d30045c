from django.http import HttpRequest

from requests_inbox.models import Action


def home_actions_context(request: HttpRequest) -> dict:
    """The open and sent actions of the signed-in person, for Home."""
    person_id = request.user.person_id
    if person_id is None:
        return {"open_actions": [], "sent_actions": []}
    actions = Action.objects.filter(person_id=person_id).only(
        "created_at", "subject", "status", "completed_at"
    )
    return {
        "open_actions": actions.open()[:20],
        "sent_actions": actions.sent()[:20],
    }
