"""Writes of messaging. Every service: keyword-only, ``by=`` the acting user, one audit event.

Every new message mails the other side, never its author: a customer's message goes to the
thread's assignee, else the project's CBS contact, else the CBS mailbox (settings.CBS_MAILBOX);
CBS's answer goes to the asker of a question, or to the team members who may write on the
project's conversation, each in their own language. Internal notes are mailed to nobody.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from messaging.events import MessagingEvent
from messaging.models import Attachment, Message, ReadMark, ReviewComment, Thread
from messaging.unread import forget_unread, thread_followers
from portal.audit import record
from portal.mail import absolute_url, send_templated_mail
from portal.permissions import has_permission, is_cbs_staff
from portal.refusals import Refusal
from portal.uploads import (
    MESSAGE_ATTACHMENTS,
    safe_display_name,
    stored_name,
)
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.models import BijlageVersion, Project, Status
from projects.permissions import people_with
from projects.services import lock_project_documents, project_stored_bytes

MAX_BODY = 10_000
# Review comments are made while CBS reviews, and after returning the project to the customer.
REVIEW_STATUSES = {Status.SUBMITTED, Status.IN_REVIEW, Status.ORIENTATION}


def is_cbs(user) -> bool:
    """CBS staff who answer: may add messages (portal.permissions.is_cbs_staff)."""
    return is_cbs_staff(user, "messaging.add_message")


def _clean_body(body: str) -> str:
    # NUL characters mean nothing in text (and PostgreSQL refuses them); forms refuse them too.
    body = (body or "").replace("\x00", "").strip()
    if not body:
        raise Refusal([_("Write a message.")], field="body")
    if len(body) > MAX_BODY:
        raise Refusal(
            [_("The message is too long (at most %(max)s characters).") % {"max": MAX_BODY}],
            field="body",
        )
    return body


def _attach(message: Message, files) -> None:
    files = [f for f in files or () if f]
    if not files:
        return
    stored = None
    if message.thread.project_id:
        lock_project_documents(message.thread.project)
        stored = project_stored_bytes(message.thread.project)
    content_types = MESSAGE_ATTACHMENTS.refusal(files, field="attachments", stored=stored)
    for upload, content_type in zip(files, content_types, strict=True):
        attachment = Attachment(
            message=message,
            original_name=safe_display_name(upload.name, content_type),
            content_type=content_type,
            size=upload.size,
        )
        attachment.document.save(stored_name(content_type), upload, save=False)
        attachment.save()


def message_attachments_bytes(project_id: int) -> int:
    """The bytes of the attachments of a project's Berichten."""
    return Attachment.objects.filter(message__thread__project_id=project_id).aggregate(
        total=Sum("size")
    )["total"]


def _add_message(*, thread: Thread, by, body: str, files=(), from_cbs: bool, internal=False):
    message = Message.objects.create(
        thread=thread,
        author=by,
        author_name=str(by.display_name)[:200],
        from_cbs=from_cbs,
        internal=internal,
        body=body,
    )
    _attach(message, files)
    if not internal:
        thread.last_message_at = message.created_at
        if from_cbs:
            thread.waiting_since = None
        elif thread.waiting_since is None:
            thread.waiting_since = message.created_at
        thread.save(update_fields=["last_message_at", "waiting_since"])
        forget_unread(thread_followers(thread))
    _mark_read(thread_id=thread.pk, user=by, up_to=message.pk)
    return message


def _mark_read(*, thread_id: int, user, up_to: int) -> None:
    updated = ReadMark.objects.filter(
        thread_id=thread_id, user=user, last_read_message_id__lt=up_to
    ).update(last_read_message_id=up_to)
    if not updated:
        _mark, updated = ReadMark.objects.get_or_create(
            thread_id=thread_id, user=user, defaults={"last_read_message_id": up_to}
        )
    if updated:
        forget_unread([user.pk])


def thread_mark_read(*, thread_id: int, by, up_to: int) -> None:
    """Reading, tracked per person: the thread's messages up to ``up_to`` (the newest one the
    page showed ``by``) are read by ``by``. No audit event: reading is not a change of anything."""
    if not by.is_authenticated:
        return
    # Looked at first: a conversation read again (most views of it) writes nothing: one SELECT
    # instead of an UPDATE of no row and a SELECT (Berichten: 12 queries instead of 13).
    read = (
        ReadMark.objects.filter(thread_id=thread_id, user=by)
        .values_list("last_read_message_id", flat=True)
        .first()
    )
    if read is None or read < up_to:
        _mark_read(thread_id=thread_id, user=by, up_to=up_to)


def project_thread(project: Project, *, create: bool = False) -> Thread | None:
    thread = Thread.objects.filter(project=project).first()
    if thread is None and create:
        thread, _created = Thread.objects.get_or_create(
            project=project, defaults={"subject": project.title[:200]}
        )
    return thread


# --- Customers -------------------------------------------------------------------------------


@transaction.atomic
def project_message_send(*, project: Project, by, body: str, files=()) -> Message:
    """A team member's message to CBS on the project's conversation."""
    if not has_permission(by, "projects.send_messages", project):
        raise Refusal([_("You may not send messages about this project.")])
    body = _clean_body(body)
    created = project_thread(project, create=True)
    thread = (
        Thread.objects.select_for_update(of=("self",)).select_related("project").get(pk=created.pk)
    )
    message = _add_message(thread=thread, by=by, body=body, files=files, from_cbs=False)
    record(
        verb=MessagingEvent.CUSTOMER_MESSAGE,
        by=by,
        target=thread,
        project=project,
        description=str(MessagingEvent.CUSTOMER_MESSAGE.label),
    )
    _mail_cbs(thread, message)
    return message


@transaction.atomic
def question_ask(*, by, subject: str, body: str, files=()) -> Thread:
    """A question to Klantenservice, not about a project: a conversation of its own."""
    if not has_permission(by, "messaging.ask_question"):
        raise Refusal([_("Only customers can ask CBS a question here.")])
    subject = (subject or "").replace("\x00", "").strip()
    if not subject:
        raise Refusal([_("Give your question a subject.")], field="subject")
    body = _clean_body(body)
    thread = Thread.objects.create(subject=subject[:200], started_by=by)
    message = _add_message(thread=thread, by=by, body=body, files=files, from_cbs=False)
    record(
        verb=MessagingEvent.QUESTION_ASKED,
        by=by,
        target=thread,
        person=by.person,
        description=str(MessagingEvent.QUESTION_ASKED.label),
    )
    _mail_cbs(thread, message)
    return thread


@transaction.atomic
def question_reply(*, thread: Thread, by, body: str, files=()) -> Message:
    """The asker adds to their own question."""
    if thread.project_id is not None or not has_permission(by, "messaging.post", thread):
        raise Refusal([_("You may not reply to this conversation.")])
    body = _clean_body(body)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    message = _add_message(thread=thread, by=by, body=body, files=files, from_cbs=False)
    record(
        verb=MessagingEvent.CUSTOMER_MESSAGE,
        by=by,
        target=thread,
        person=by.person,
        description=str(MessagingEvent.CUSTOMER_MESSAGE.label),
    )
    _mail_cbs(thread, message)
    return message


# --- CBS ----------------------------------------------------------------------------------------


@transaction.atomic
def cbs_reply(*, thread: Thread, by, body: str, files=(), internal: bool = False) -> Message:
    """CBS answers in the admin, or adds an internal note that customers never see."""
    if not is_cbs(by):
        raise Refusal([_("Only CBS staff answer conversations.")])
    body = _clean_body(body)
    thread = (
        Thread.objects.select_for_update(of=("self",)).select_related("project").get(pk=thread.pk)
    )
    message = _add_message(
        thread=thread, by=by, body=body, files=files, from_cbs=True, internal=internal
    )
    if internal:
        record(verb=MessagingEvent.INTERNAL_NOTE, by=by, target=thread,
               description=str(MessagingEvent.INTERNAL_NOTE.label))  # fmt: skip
    else:
        record(
            verb=MessagingEvent.CBS_MESSAGE,
            by=by,
            target=thread,
            project=thread.project,
            person=thread.started_by.person if thread.started_by_id else None,
            description=str(MessagingEvent.CBS_MESSAGE.label),
        )
        _mail_customers(thread, message)
    return message


@transaction.atomic
def thread_assign(*, thread: Thread, by, assignee) -> Thread:
    if not is_cbs(by):
        raise Refusal([_("Only CBS staff assign conversations.")])
    if assignee is not None and not (assignee.is_staff and assignee.is_active):
        raise Refusal([_("Assign the conversation to a CBS staff member.")], field="assigned_to")
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    old = thread.assigned_to
    thread.assigned_to = assignee
    thread.save(update_fields=["assigned_to"])
    record(
        verb=MessagingEvent.ASSIGNED,
        by=by,
        target=thread,
        description=str(MessagingEvent.ASSIGNED.label),
        from_state=str(old.display_name if old else ""),
        to_state=str(assignee.display_name if assignee else ""),
    )
    return thread


@transaction.atomic
def review_comment_add(*, project: Project, by, kind: int, section: str, text: str):
    """CBS's comment on a section of the latest submitted version of the bijlagen."""
    if not is_cbs(by):
        raise Refusal([_("Only CBS staff comment on the appendices.")])
    definition = BIJLAGE_DEFINITIONS.get(kind)
    if definition is None or section not in {s.key for s in definition.sections}:
        raise Refusal([_("Choose a section of the appendices.")], field="section")
    text = (text or "").strip()
    if not text:
        raise Refusal([_("Write a comment.")], field="text")
    if project.status not in REVIEW_STATUSES:
        raise Refusal([_("Comments on the appendices are made during the review.")])
    version = BijlageVersion.objects.filter(project=project).order_by("-number").first()
    if version is None:
        raise Refusal(
            [_("The project has not been submitted yet: there is nothing to comment on.")]
        )
    comment = ReviewComment.objects.create(
        project=project,
        version=version,
        kind=kind,
        section=section,
        text=text,
        created_by=by,
        author_name=str(by.display_name)[:200],
    )
    record(
        verb=MessagingEvent.REVIEW_COMMENT,
        by=by,
        target=project,
        project=project,
        description=comment.section_label,
    )
    thread = project_thread(project, create=True)
    _mail_customers(thread, None, comment=comment)
    return comment


# --- Mail ---------------------------------------------------------------------------------------


def _thread_url(thread: Thread) -> str:
    if thread.project_id is not None:
        return reverse("messaging:project", args=[thread.project.number])
    return reverse("messaging:question", args=[thread.pk])


def _mail_cbs(thread: Thread, message: Message) -> None:
    project = thread.project
    recipient = thread.assigned_to or (project.cbs_contact if project is not None else None)
    address = recipient.email if recipient is not None and recipient != message.author else ""
    language = getattr(recipient, "language", "") or settings.LANGUAGE_CODE
    address = address or settings.CBS_MAILBOX
    send_templated_mail(
        to=address,
        template="messaging/mail/to_cbs",
        context={
            "subject": thread.subject,
            "project_number": project.number if project else "",
            "author": message.author_name,
            "url": absolute_url(reverse("admin:messaging_thread_change", args=[thread.pk])),
        },
        language=language,
    )


def _customer_recipients(thread: Thread, author) -> list:
    """The people of the customer side: the asker, or the current team members who may write."""
    if thread.project_id is None:
        asker = thread.started_by
        people = [asker.person] if asker is not None and asker.person_id else []
    else:
        people = people_with(thread.project, "projects.send_messages")
    author_person = getattr(author, "person_id", None)
    seen, result = set(), []
    for person in people:
        if person.pk in seen or person.pk == author_person:
            continue
        seen.add(person.pk)
        result.append(person)
    return result


def _mail_customers(thread: Thread, message: Message | None, *, comment=None) -> None:
    author = message.author if message is not None else comment.created_by
    for person in _customer_recipients(thread, author):
        address = person.notification_email
        if not address:
            continue
        with translation.override(person.language):
            path = _thread_url(thread)
            section = str(comment.section_label) if comment is not None else ""
        send_templated_mail(
            to=address,
            template="messaging/mail/to_customer",
            context={
                "name": person.first_name,
                "subject": thread.subject,
                "project_number": thread.project.number if thread.project_id else "",
                "is_comment": comment is not None,
                "section": section,
                "url": absolute_url(path),
            },
            language=person.language,
        )
