import pytest
from django.core.management import call_command

from projects.models import Bijlage, BijlageStatus, Project, ProjectFile, ProjectService, Role

pytestmark = pytest.mark.django_db


def test_demo_projects_of_the_mockup_idempotent():
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)
    demo = Project.objects.get(number=10014)
    assert demo.title == "Demo projectaanvraag"
    assert demo.reference_number == "IO 12345"
    roles = {(m.person.first_name, m.role) for m in demo.team.select_related("person")}
    assert roles == {
        ("Piet", Role.LEADER),
        ("Eline", Role.RESEARCHER),
        ("Patricia", Role.RESEARCHER),
    }
    bijlagen = {b.kind: b for b in Bijlage.objects.filter(project=demo)}
    assert bijlagen[1].status == BijlageStatus.DRAFT
    assert bijlagen[1].sections["goal"].startswith("<p>Lorem ipsum odor amet")
    assert bijlagen[1].sections["questions"].startswith("<p>Congue elit")
    assert bijlagen[2].status == bijlagen[3].status == BijlageStatus.TO_FILL
    assert ProjectFile.objects.filter(project=demo).count() == 2
    assert ProjectFile.objects.filter(project=demo, data_file__code="B99999").exists()
    assert ProjectService.objects.filter(project=demo, service__code="D99999").count() == 1
    assert Project.objects.get(number=10013).status == "contract"


def test_demo_phase_4_projects_and_piets_next_step():
    from django.utils import timezone

    from accounts.models import User
    from projects.timeline import YOU, project_timeline

    call_command("load_demo", stdout=None)
    before = (Project.objects.count(), list(Project.objects.values_list("number", "status")))
    call_command("load_demo", stdout=None)
    assert (Project.objects.count(), list(Project.objects.values_list("number", "status"))) == (
        before
    )
    closed = Project.objects.get(number=10041)
    assert closed.status == "closed" and closed.archive_until > timezone.localdate()
    assert Project.objects.get(number=10042).status == "closure_requested"
    piet = User.objects.get(email="piet.bakker@example.nl")
    demo = Project.objects.prefetch_related("team", "bijlagen").get(number=10014)
    timeline = project_timeline(project=demo, user=piet)
    assert (timeline.turn, timeline.turn_label) == (YOU, "jij")
    assert timeline.next_label and timeline.next_url
