"""What the actions inbox shows of itself on a project (registered in projects.registry)."""

from django.urls import reverse

from requests_inbox.models import Action


def open_action_turn(project, user) -> tuple[str, str] | None:
    """The timeline's "Aan zet: jij" when the person has an open action on the project: its
    title and its page."""
    if not getattr(user, "person_id", None):
        return None
    action = (
        Action.objects.open()
        .filter(project=project, person_id=user.person_id)
        .only("pk", "kind", "subject")
        .order_by("created_at", "pk")
        .first()
    )
    if action is None:
        return None
    return action.title, reverse("requests_inbox:detail", args=[action.pk])
