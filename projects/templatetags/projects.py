"""What projects shows on lower apps' pages (Mijn gegevens: Remote Access readiness)."""

from django import template

from projects.readiness import kept_readiness

register = template.Library()


@register.simple_tag
def ra_readiness_of(person):
    """The person's Remote Access readiness if they work in the RA on a project now, or None."""
    return kept_readiness(person) if person is not None else None
