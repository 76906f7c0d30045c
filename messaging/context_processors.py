"""The unread counts for the page frame (beside "Projecten" and "Klantenservice") and Home's
"Openstaande acties": computed lazily, only when a template shows them, one query each."""

from django.utils.functional import SimpleLazyObject

from messaging.unread import unread_counts, unread_threads


def messaging(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.person_id is None:
        return {}
    return {
        "unread_messages": SimpleLazyObject(lambda: unread_counts(user)),
        "unread_threads": SimpleLazyObject(lambda: unread_threads(user)),
    }
