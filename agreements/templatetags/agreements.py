"""What Voorbereiding shows on other apps' pages, without those apps importing this one:
RA readiness (Mijn gegevens, the team table) and the agreement row of the documents panel."""

from django import template

from agreements.models import Agreement, AgreementStatus
from agreements.readiness import person_readiness, team_readiness

register = template.Library()


@register.inclusion_tag("agreements/_ra_readiness.html")
def ra_readiness_panel(person):
    """ "Wat moet ik nog doen om in de Remote Access-omgeving te kunnen werken?" (or nothing)."""
    return {"readiness": person_readiness(person) if person is not None else None}


@register.simple_tag
def ra_team_readiness(team):
    """{member id: Readiness} of the members who work in the RA (a constant number of queries)."""
    return team_readiness(team)


@register.filter
def readiness_of(readiness_by_member: dict, member):
    return readiness_by_member.get(member.pk) if readiness_by_member else None


@register.simple_tag
def project_agreement(project):
    """The project's latest agreement that was sent (for the documents panel), or None."""
    return (
        Agreement.objects.filter(project=project)
        .exclude(status=AgreementStatus.DRAFT)
        .order_by("-sent_at", "-pk")
        .only("status", "sent_at", "countersigned_at", "signed_pdf", "project_id")
        .first()
    )
