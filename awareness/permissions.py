"""Who may do what with the awareness test."""

from django.http import Http404

from awareness.models import Attempt
from portal.permissions import require_permission, rule


@rule("awareness.take")
def can_take(user, obj=None) -> bool:
    """Anyone signed in with a person (a researcher) may take the test."""
    return user.person_id is not None


@rule("awareness.view_attempt")
def can_view_attempt(user, attempt) -> bool:
    return isinstance(attempt, Attempt) and attempt.person_id == user.person_id


@rule("awareness.submit_attempt")
def can_submit_attempt(user, attempt) -> bool:
    return (
        isinstance(attempt, Attempt)
        and attempt.person_id == user.person_id
        and attempt.submitted_at is None
    )


def get_attempt_for(user, pk: int) -> Attempt:
    """The user's own attempt, or 404 (others' attempts are not even confirmed to exist)."""
    attempt = Attempt.objects.select_related("test", "person").filter(pk=pk).first()
    if attempt is None:
        raise Http404
    require_permission(user, "awareness.view_attempt", attempt)
    return attempt
