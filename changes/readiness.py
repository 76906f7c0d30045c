"""What a researcher added to a running project still lacks before Remote Access.

A signed Gebruikersverklaring (the current text), an approved Geheimhoudingsverklaring that is
still valid, and a passed awareness test that is still valid. ``ask_missing_for`` creates, through
``requests_inbox.services.action_create``, an action for each of these the person lacks and has
no open action for yet.
"""

from django.db.models import Q
from django.utils import timezone

from accounts.models import ConfidentialityDeclaration, ConfidentialityStatus, Person
from requests_inbox.models import Action, ActionKind


def missing_kinds(person: Person) -> list[str]:
    """The ActionKinds this person lacks (a fixed number of queries)."""
    from accounts.services import current_declaration_text
    from awareness.models import Attempt

    today = timezone.localdate()
    missing = []
    text = current_declaration_text()
    if text is not None and not person.declaration_signatures.filter(text_version=text).exists():
        missing.append(ActionKind.USER_DECLARATION)
    valid_declaration = ConfidentialityDeclaration.objects.filter(
        person=person, status=ConfidentialityStatus.APPROVED
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
    if not valid_declaration.exists():
        missing.append(ActionKind.CONFIDENTIALITY)
    passed = Attempt.objects.filter(person=person, passed=True, valid_until__gte=today)
    if not passed.exists():
        missing.append(ActionKind.AWARENESS_TEST)
    open_kinds = set(
        Action.objects.open().filter(person=person, kind__in=missing).values_list("kind", flat=True)
    )
    return [kind for kind in missing if kind not in open_kinds]


def ask_missing_for(*, person: Person, project, by) -> list[Action]:
    from requests_inbox.services import action_create

    return [
        action_create(person=person, kind=kind, subject="", by=by, project=project)
        for kind in missing_kinds(person)
    ]
