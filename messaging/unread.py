"""Unread messages per person: one query for a count, whatever the number of threads.

A message is unread for a person when it is not an internal note, not their own, in a thread
they follow, and newer than their read mark. They follow the conversations of the projects
they are on the team of today, and their own questions. (The account manager may read an
institution's conversations but is not counted as following them.)

The page frame shows the counts on every page and Home lists the threads: both are kept in the
cache per user (``_kept``) until something they count changes. The services that change it call
``forget_unread`` for the users concerned: a message posted (its thread's followers), a thread
read (the reader), a team changed (its members, through ``projects.services.team_changed``).
Membership is by date, so what is kept also ends with the day.
"""

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from messaging.models import Message, ReadMark, Thread
from portal.kept import forget, kept
from projects.models import TeamMember


def followed_threads(user):
    on_team = TeamMember.objects.current().filter(person_id=user.person_id).values("project_id")
    return Thread.objects.filter(
        Q(project_id__in=on_team) | Q(project__isnull=True, started_by=user)
    )


def thread_followers(thread: Thread) -> set[int]:
    """The ids of the users who follow ``thread`` today (the other way round of
    ``followed_threads``): the current team's, or the asker of a question."""
    if thread.project_id is None:
        return {thread.started_by_id} if thread.started_by_id else set()
    on_team = TeamMember.objects.current().filter(project_id=thread.project_id)
    return set(
        User.objects.filter(person__in=on_team.values("person_id")).values_list("pk", flat=True)
    )


def _stamp_key(user_id: int) -> str:
    return f"messaging.unread.stamp.{user_id}"


def forget_unread(user_ids) -> None:
    """What is kept of these users' unread messages is counted again on their next page, once
    the current transaction has committed (a page counting before then would keep the old)."""
    forget(_stamp_key(pk) for pk in set(user_ids))


def _kept(user, name: str, count):
    """``count(user)``, kept in the cache with the user's stamp, person and today's date
    (``portal.kept``), and counted again when one of them is no longer the same."""
    return kept(
        f"messaging.unread.{name}.{user.pk}",
        lambda: count(user),
        stamps=[_stamp_key(user.pk)],
        also=(user.person_id, timezone.localdate()),
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
    """{"projects": n, "questions": m, "total": n + m}: kept, else one query."""
    if not user.is_authenticated or user.person_id is None:
        return {"projects": 0, "questions": 0, "total": 0}
    return _kept(user, "counts", _count)


def _count(user) -> dict[str, int]:
    counts = unread_messages(user).aggregate(
        projects=Count("pk", filter=Q(thread__project__isnull=False)),
        questions=Count("pk", filter=Q(thread__project__isnull=True)),
    )
    counts["total"] = counts["projects"] + counts["questions"]
    return counts


def unread_threads(user) -> list[dict]:
    """The threads with unread messages, newest first: subject, project number, count, latest.
    Kept, else one query."""
    if not user.is_authenticated or user.person_id is None:
        return []
    return _kept(user, "threads", _threads)


def _threads(user) -> list[dict]:
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
