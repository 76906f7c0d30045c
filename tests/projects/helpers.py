"""Small helpers for project tests."""

from projects.models import Bijlage, BijlageStatus, Role
from tests.factories import PersonFactory, TeamMemberFactory


def make_ready_for_submission(project):
    """All three bijlagen Definitief and a Tekenbevoegde on the team."""
    Bijlage.objects.filter(project=project).update(status=BijlageStatus.FINAL)
    if not project.team.filter(role=Role.SIGNATORY).exists():
        person = PersonFactory(institution=project.institution, is_signatory=True)
        TeamMemberFactory(project=project, person=person, role=Role.SIGNATORY)
