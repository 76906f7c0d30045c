"""A project's conversation (Berichten), kept per project until a write of what it shows
(``portal.kept``).

Berichten showed a project's messages, their attachments and CBS's review comments, read on every
visit: four queries (the thread, its messages, their attachments, the comments) and a fifth for
the newest message, to mark the conversation read. What the page shows of them is the same for
every reader but for the attachments' links (only those who may see the project's documents get
them): it is kept per project, language (a comment names its section) and whether the links are
shown, as the thread's id and the timeline (``messaging.views.timeline``), whose newest message
is what the reader is marked to have read.

A save or delete of a thread, message, attachment or review comment forgets its project's
conversation once it has committed (``CONVERSATION_READS``); the one write in bulk, a person's
name taken off their messages (``messaging.privacy``), forgets the conversations of those
messages. Questions to Klantenservice (threads without a project) are not kept: each is read by
its asker alone.

Measured at scale 1 (``benchmarks/README.md``, "What did pay").
"""

from django.utils import translation

from messaging.models import Attachment, Message, ReviewComment, Thread
from portal.kept import forget, forget_on_writes, kept


def _stamp_key(project_id) -> str:
    return f"messaging.conversation.stamp.{project_id}"


def forget_conversations(project_ids) -> None:
    """These projects' kept conversations are read again on their next visit, once the current
    transaction has committed."""
    forget(_stamp_key(pk) for pk in project_ids if pk is not None)


# What a project's conversation shows: {model: function(row) -> the ids of the projects whose
# conversation shows it}. (Deleted with its thread, a message or attachment is deleted before the
# thread, whose own delete forgets the conversation too.)
CONVERSATION_READS = {
    Thread: lambda thread: [thread.project_id],
    Message: lambda message: Thread.objects.filter(pk=message.thread_id).values_list(
        "project_id", flat=True
    ),
    Attachment: lambda attachment: Message.objects.filter(pk=attachment.message_id).values_list(
        "thread__project_id", flat=True
    ),
    ReviewComment: lambda comment: [comment.project_id],
}


def _written(sender, instance, **kwargs) -> None:
    forget_conversations(CONVERSATION_READS[sender._meta.concrete_model](instance))


def connect() -> None:
    """From the app's ready()."""
    forget_on_writes(CONVERSATION_READS, _written, "messaging.keep")


def kept_conversation(project, *, documents: bool, compute) -> tuple:
    """``compute()``, the project's (thread id, timeline) as ``documents`` shows it, kept (see
    the module doc)."""
    language = translation.get_language()
    return kept(
        f"messaging.conversation.{project.pk}.{language}.{int(documents)}",
        compute,
        stamps=[_stamp_key(project.pk)],
        also=(language,),
    )
