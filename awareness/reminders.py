"""Reminders of awareness: the yearly awareness test (see portal/reminders).

Everyone with Remote Access whose pass is missing, expired or expiring within REMINDER_DAYS gets
one "Awarenesstoets" action and a mail, once per pass (a new pass, a new reminder when it ends).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from awareness.models import Attempt, AwarenessTest
from awareness.services import (
    REMINDER_DAYS,
    active_test,
    awareness_actions_open,
    awareness_reminder_candidates,
    awareness_stale_actions_withdraw,
)
from portal.reminders import EVERYONE, Due, reminder_kind
from projects.models import TeamMember


def _the_person(row) -> list[int]:
    return [row.pk if isinstance(row, Person) else row.person_id]


def _open_actions(dues: list[Due]) -> None:
    test = active_test()
    awareness_actions_open(persons=[due.person for due in dues], test=test)


@reminder_kind(
    "awareness",
    label=_("Awareness test due"),
    days_before=(REMINDER_DAYS,),
    template="awareness/mail/test_due",
    after_due=True,
    on_send=_open_actions,
    before_run=awareness_stale_actions_withdraw,
    # Who works in the RA (a PID code, or on a team in the RA), their passes, the active test.
    reads={
        Person: _the_person,
        TeamMember: _the_person,
        Attempt: _the_person,
        AwarenessTest: lambda test: EVERYONE,
    },
)
def awareness_tests_due(*, today, horizon, person=None):
    test, persons = awareness_reminder_candidates(today=today, person=person)
    for found in persons:
        valid_until = found.awareness_valid_until
        yield Due(
            person=found,
            thing=f"awareness:{valid_until.isoformat() if valid_until else 'never'}",
            # Never passed: due now.
            due_date=valid_until or today,
            what=test.name,
            url=lambda: reverse("awareness:index"),
            context={
                "test_name": test.name,
                "valid_until": valid_until.strftime("%d-%m-%Y") if valid_until else "",
                "expired": bool(valid_until and valid_until < today),
            },
        )
