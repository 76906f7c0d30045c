"""Unread messages per person: one query for a count, whatever the number of threads.

A message is unread for a person when it is not an internal note, not their own, in a thread
they follow, and newer than their read mark. They follow the conversations of the projects
they are on the team of today, and their own questions. (The account manager may read an
institution's conversations but is not counted as following them.)
"""

from django.db.models import Count, Exists, Max, OuterRef, Q

from messaging.models import Message, ReadMark, Thread
from projects.models import TeamMember


def followed_threads(user):
    on_team = TeamMember.objects.current().filter(person_id=user.person_id).values("project_id")
    return Thread.objects.filter(
        Q(project_id__in=on_team) | Q(project__isnull=True, started_by=user)
    )


def unread_messages(user, threads=None):
    read = ReadMark.objects.filter(
        thread_id=OuterRef("thread_id"), user=user, last_read_message_id__gte=OuterRef("pk")
    )
    threads = followed_threads(user) if threads is None else threads
    return (
        Message.objects.filter(internal=False, thread__in=threads.values("pk"))
        .exclude(author=user)
        .exclude(Exists(read))
    )


def unread_counts(user) -> dict[str, int]:
    """{"projects": n, "questions": m}: one query."""
    if not user.is_authenticated or user.person_id is None:
        return {"projects": 0, "questions": 0, "total": 0}
    counts = unread_messages(user).aggregate(
        projects=Count("pk", filter=Q(thread__project__isnull=False)),
        questions=Count("pk", filter=Q(thread__project__isnull=True)),
    )
    counts["total"] = counts["projects"] + counts["questions"]
    return counts


def unread_threads(user) -> list[dict]:
    """The threads with unread messages, newest first: subject, project number, count, latest."""
    if not user.is_authenticated or user.person_id is None:
        return []
    return list(
        unread_messages(user)
        .values("thread_id", "thread__subject", "thread__project__number")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("-latest")[:20]
    )


def project_unread_count(user, project) -> int:
    if not user.is_authenticated or user.person_id is None:
        return 0
    return unread_messages(user, Thread.objects.filter(project=project)).count()
