"""Who may read and write which conversation.

A project's conversation: read by whoever may see the project (the team and the institution's
account manager), written by the roles that have ``projects.send_messages`` in the roles table
(projects/permissions.py). A question to Klantenservice: only its asker. Attachments of a
project's conversation are documents: served to the team only (``projects.view_documents``).
CBS staff read and answer in the admin.
"""

from messaging.models import Attachment, Thread
from portal.permissions import has_permission, rule
from projects.models import Project


@rule("messaging.ask_question")
def can_ask(user, _obj=None) -> bool:
    return user.person_id is not None


@rule("messaging.view_thread")
def can_view_thread(user, thread) -> bool:
    if isinstance(thread, Project):
        return has_permission(user, "projects.view", thread)
    if not isinstance(thread, Thread):
        return False
    if thread.project_id is not None:
        return has_permission(user, "projects.view", thread.project)
    return thread.started_by_id == user.pk and user.person_id is not None


@rule("messaging.post")
def can_post(user, thread) -> bool:
    if isinstance(thread, Project):
        return has_permission(user, "projects.send_messages", thread)
    if not isinstance(thread, Thread):
        return False
    if thread.project_id is not None:
        return has_permission(user, "projects.send_messages", thread.project)
    return thread.started_by_id == user.pk and user.person_id is not None


@rule("messaging.view_attachment")
def can_view_attachment(user, attachment) -> bool:
    if not isinstance(attachment, Attachment) or attachment.message.internal:
        return False
    thread = attachment.message.thread
    if thread.project_id is not None:
        return has_permission(user, "projects.view_documents", thread.project)
    return can_view_thread(user, thread)
