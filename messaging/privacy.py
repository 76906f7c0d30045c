"""What messaging holds about people (the register of personal data, ``portal.privacy``):
messages and their attachments, questions to Klantenservice, CBS's review comments."""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from messaging.keep import forget_conversations
from messaging.models import Attachment, Message, ReviewComment, Thread
from portal.privacy import (
    Export,
    Kind,
    Removal,
    days_ago,
    delete_files_on_commit,
    record_removal,
    register,
    rows,
)


def _remove_threads(threads) -> Removal:
    attachments = Attachment.objects.filter(message__thread__in=threads)
    files = [a.document for a in attachments.only("document")]
    return Removal(threads.delete()[0], files)


def _messages_archive_end(project) -> Removal:
    return _remove_threads(Thread.objects.filter(project=project))


def _questions_expire(today) -> int:
    due = Thread.objects.filter(
        project__isnull=True, last_message_at__lt=days_ago(settings.QUESTION_DAYS, today)
    )
    count = 0
    for thread in due.only("pk"):
        with transaction.atomic():
            delete_files_on_commit(_remove_threads(Thread.objects.filter(pk=thread.pk)).files)
            record_removal(what="question", target=thread)
            count += 1
    return count


def _messages_anonymise(person) -> Removal:
    removal = _remove_threads(
        Thread.objects.filter(project__isnull=True, started_by__person=person)
    )
    theirs = Message.objects.filter(author__person=person)
    # A write in bulk sends no signal: the conversations that show their name are forgotten.
    forget_conversations(set(theirs.values_list("thread__project_id", flat=True)))
    removal.count += theirs.update(author_name="")
    return removal


def _messages_export(person) -> Export:
    mine = Q(author__person=person) | Q(
        thread__project__isnull=True, thread__started_by__person=person
    )
    messages = Message.objects.filter(mine, internal=False).order_by("created_at", "pk").distinct()
    data = rows(
        messages, "pk", "thread__subject", "thread__project__number", "created_at",
        "author_name", "from_cbs", "body",
    )  # fmt: skip
    files = [
        (f"messages/{a.message_id}-{a.pk}-{a.original_name}", a.document)
        for a in Attachment.objects.filter(message__in=messages).order_by("pk")
    ]
    return Export(data, files)


register(
    Kind(
        key="messages",
        models=("messaging.Thread", "messaging.Message", "messaging.Attachment"),
        what=_(
            "Messages to and from CBS (Berichten of a project, your questions to "
            "Klantenservice) and their attachments"
        ),
        purpose=_("Answering your questions about projects and the portal"),
        retention=_(
            "A project's messages are removed at the end of its archive period; a question to "
            "Klantenservice %(period)s days after its last message."
        ),
        period="QUESTION_DAYS",
        recipients=_("The project's team (messages of a project)"),
        order=300,
        archive_end=_messages_archive_end,
        expire=_questions_expire,
        anonymise=_messages_anonymise,
        export=_messages_export,
    )
)


def _comments_archive_end(project) -> Removal:
    return Removal(ReviewComment.objects.filter(project=project).delete()[0])


register(
    Kind(
        key="review_comments",
        models=("messaging.ReviewComment",),
        what=_("CBS's comments on the sections of a submitted bijlage, with their author"),
        purpose=_("CBS's assessment of the project"),
        retention=_("Removed at the end of the project's archive period."),
        recipients=_("The project's team"),
        order=310,
        archive_end=_comments_archive_end,
    )
)

register.no_personal_data(
    "messaging.ReadMark", why="Which message a user read last (a number and a time)."
)
