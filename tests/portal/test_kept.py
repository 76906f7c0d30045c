"""portal.kept.forget_on_writes: what is kept is forgotten on a save or delete of a row it reads,
not on loaddata's raw saves (for every receiver alike)."""

import pytest
from django.core import serializers
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_loaddata_forgets_nothing_a_save_does(
    institution, tmp_path, django_capture_on_commit_callbacks
):
    # An institution is read by the Projectkaart, Rapportages' filters and the work queue.
    institution.name = "Hogeschool Nieuwegein"
    fixture = tmp_path / "institution.json"
    fixture.write_text(serializers.serialize("json", [institution]))
    with django_capture_on_commit_callbacks() as loaded:
        call_command("loaddata", str(fixture), verbosity=0)
    assert loaded == []
    with django_capture_on_commit_callbacks() as saved:
        institution.save()
    assert saved
