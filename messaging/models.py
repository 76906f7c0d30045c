"""Talking with CBS: a thread per project and one per question to Klantenservice, its messages
(with attachments and CBS's internal notes), who read up to where, and CBS's review comments
on the sections of a submitted bijlage."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.bijlagen import BIJLAGE_DEFINITIONS


class Thread(models.Model):
    """A conversation between customers and CBS: about a project (one per project), or a
    question to Klantenservice (``project`` empty; only its asker and CBS see it)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
    )
    subject = models.CharField(_("subject"), max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="started_threads",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_threads",
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    # Since when a customer's message waits for an answer from CBS; empty once CBS answered.
    waiting_since = models.DateTimeField(_("waiting for CBS since"), null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(project__isnull=False), name="thread_per_project"
            )
        ]
        indexes = [models.Index(fields=["waiting_since"])]

    def __str__(self):
        return self.subject

    @property
    def is_question(self) -> bool:
        return self.project_id is None


class Message(models.Model):
    thread = models.ForeignKey(
        Thread, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(_("author"), max_length=200)
    from_cbs = models.BooleanField(_("from CBS"), default=False)
    # An internal note of CBS staff: never shown to customers, never mailed.
    internal = models.BooleanField(_("internal note"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["thread", "internal", "created_at"])]

    def __str__(self):
        return f"{self.author_name}: {self.body[:60]}"


class Attachment(models.Model):
    """A document sent with a message; private, served through a permission-checked view."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.FileField(_("document"), upload_to="message-attachments/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class ReadMark(models.Model):
    """How far a person has read a thread: every message with a higher id is unread for them."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    last_read_message_id = models.PositiveBigIntegerField(_("read up to message"), default=0)
    # Read by nothing; the database fills it. Removing the column waits for the deploy after the
    # one that stops writing it (README, "Deploy without downtime").
    read_at = models.DateTimeField(_("read"), db_default=Now(), editable=False)

    class Meta:
        verbose_name = _("read mark")
        verbose_name_plural = _("read marks")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="read_mark_once")]

    def __str__(self):
        return f"{self.user_id} – {self.thread_id}"


class ReviewComment(models.Model):
    """CBS's comment on one section of a submitted bijlage (a review round): shown beside that
    section while the customer edits, and in the project's messages."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="review_comments",
    )
    version = models.ForeignKey(
        "projects.BijlageVersion",
        verbose_name=_("submitted version"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    kind = models.PositiveSmallIntegerField(_("appendix"))
    section = models.CharField(_("section"), max_length=40)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(_("author"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return self.section_label

    @property
    def section_label(self) -> str:
        definition = BIJLAGE_DEFINITIONS.get(self.kind)
        for section in definition.sections if definition else ():
            if section.key == self.section:
                return f"{definition.short_title}: {section.label}"
        return self.section
