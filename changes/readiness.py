"""What a researcher added to a running project still lacks before Remote Access.

The steps of Remote Access readiness (``projects.readiness``, ONE definition) that the person
completes with an action: the current Gebruikersverklaring signed, a Geheimhoudingsverklaring
approved and not expired, the awareness test passed and valid. ``ask_missing_for`` creates,
through ``requests_inbox.services.action_create``, an action for each of these the person lacks
and has no open action for yet.
"""

from accounts.models import Person
from projects.readiness import ra_readiness
from requests_inbox.models import Action
from requests_inbox.readiness import STEP_ACTION


def missing_kinds(person: Person) -> list[str]:
    """The ActionKinds this person lacks (a fixed number of queries)."""
    readiness = ra_readiness([person])[person.pk]
    missing = [STEP_ACTION[step.key] for step in readiness.missing if step.key in STEP_ACTION]
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
