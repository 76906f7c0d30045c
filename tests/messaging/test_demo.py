"""The demo of talking with CBS: an unread answer for Piet, a general question, and 10013 returned
once with a comment and two submitted versions; loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from messaging.models import Message, ReviewComment, Thread
from messaging.unread import unread_counts
from projects.models import BijlageVersion
from projects.reviews import version_changes, versions_to_compare

pytestmark = pytest.mark.django_db


def test_demo_data_of_messaging():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Thread.objects.count(), Message.objects.count(), BijlageVersion.objects.count())
    piet = User.objects.get(email="piet.bakker@example.nl")
    assert unread_counts(piet) == {"projects": 1, "questions": 0, "total": 1}
    question = Thread.objects.get(project__isnull=True, started_by=piet)
    assert question.waiting_since is not None
    previous, chosen, _versions = versions_to_compare(BijlageVersion.objects.get(number=2).project)
    assert (previous.number, chosen.number) == (1, 2)
    changed = {s.key for b in version_changes(previous, chosen) for s in b.sections}
    assert {"data", "methods", "dates"} <= changed
    assert ReviewComment.objects.get().section == "data"

    call_command("load_demo", stdout=io.StringIO())
    again = (Thread.objects.count(), Message.objects.count(), BijlageVersion.objects.count())
    assert again == counts
