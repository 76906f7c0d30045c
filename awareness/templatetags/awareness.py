"""What the awareness test shows on other apps' pages (Mijn gegevens)."""

from django import template

from awareness.services import awareness_status

register = template.Library()


@register.simple_tag
def awareness_status_of(person):
    """The person's latest pass that is still valid ({passed_at, valid_until}), or None."""
    return awareness_status(person)
