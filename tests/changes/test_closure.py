"""Open change requests and output checks appear on the closure checklist (Afsluiting)."""

import pytest

from changes.models import ChangeStatus, OutputStatus
from tests.factories import ChangeRequestFactory, OutputCheckFactory

services_closure = pytest.importorskip("projects.services_closure")
pytestmark = pytest.mark.django_db


def test_open_requests_and_checks_are_on_the_closure_checklist(running):
    ChangeRequestFactory(project=running, status=ChangeStatus.IN_REVIEW)
    ChangeRequestFactory(project=running, status=ChangeStatus.REJECTED, reason="Nee.")
    OutputCheckFactory(project=running, package_name="export-open")
    OutputCheckFactory(project=running, package_name="export-klaar", status=OutputStatus.RELEASED)
    messages = [item.message for item in services_closure.closure_checklist(running)]
    assert sum("Wijzigingsverzoek" in m for m in messages) == 1
    assert any("export-open" in m for m in messages)
    assert not any("export-klaar" in m for m in messages)
