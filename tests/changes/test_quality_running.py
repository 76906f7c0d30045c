"""The quality gates' fuzzing of pages with forms, applied to a running project (the gates'
own ``project`` is in Oriëntatie, where Uitvoering's pages answer 404)."""

import pytest

from changes.kinds import KINDS
from tests.quality.conftest import sign_in
from tests.quality.discovery import routes
from tests.quality.test_fuzz_forms import _fuzz_post, forms_of

pytestmark = pytest.mark.django_db


def test_phase3_pages_with_forms_never_500_and_never_half_save(client, running, leader):
    sign_in(client, leader)
    names = sorted({route.name for route in routes() if (route.name or "").startswith("changes:")})
    found = []
    for key in KINDS:
        own = {"number": running.number, "change_kind": key}
        found += [form for name in names for form in forms_of(client, name, own)]
    names = {name for name, _, _ in found}
    assert {"changes:change_ask", "changes:output_new"} <= names, names
    problems = []
    for name, action, fields in {(n, a, tuple(sorted(f.items()))) for n, a, f in found}:
        try:
            _fuzz_post(client, leader, name, action, dict(fields))
        except AssertionError as exc:
            problems.append(str(exc))
    assert not problems, "\n".join(problems)
