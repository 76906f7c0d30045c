"""The actions that complete a step of Remote Access readiness (projects.readiness)."""

from requests_inbox.models import Action, ActionKind

# The action that completes a step, where there is one.
STEP_ACTION = {
    "user_declaration": ActionKind.USER_DECLARATION,
    "confidentiality": ActionKind.CONFIDENTIALITY,
    "awareness": ActionKind.AWARENESS_TEST,
}


def open_action_links(person_ids, step_keys) -> dict:
    """{(person id, step key): the page of the person's latest open action for the step}, in one
    query."""
    from django.urls import reverse

    step_of = {kind: key for key, kind in STEP_ACTION.items() if key in step_keys}
    links = {}
    for pk, person_id, kind in (
        Action.objects.open()
        .filter(person_id__in=list(person_ids), kind__in=list(step_of))
        .order_by("created_at", "pk")
        .values_list("pk", "person_id", "kind")
    ):
        links[(person_id, step_of[kind])] = reverse("requests_inbox:detail", args=[pk])
    return links
