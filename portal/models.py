"""Audit trail: append-only domain events, shown to customers as history and to staff."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.dutch_time import moment


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("Events are append-only.")

    def delete(self):
        raise ValidationError("Events are append-only.")

    def redact(self, **names) -> int:
        """The one change an event allows, made by retention (``portal.privacy``): the fact
        stays (what, when, who, from which state to which, on what), the personal text goes
        (the reason, the details, the object's name and the description). ``names`` may also
        clear ``actor_name`` for a person who was anonymised."""
        from portal.audit import EVERY_PROJECT, forget_project_events  # it imports this module

        fields = {"reason": "", "data": {}, "target_repr": "", "description": ""}
        redacted = models.QuerySet.update(self, **fields, **names)
        if redacted:
            forget_project_events(EVERY_PROJECT)  # what is kept of the projects' events
        return redacted


class Event(models.Model):
    """Something that happened: who, when, what, from which state to which, and why."""

    created_at = models.DateTimeField(
        _("when"), default=timezone.now, editable=False, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("who (name)"), max_length=200, blank=True)
    verb = models.CharField(_("what"), max_length=80, db_index=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Field changes as {"field": [old, new]}; other details as plain data.
    data = models.JSONField(_("details"), default=dict, blank=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=40, blank=True)
    target_repr = models.CharField(_("object"), max_length=300, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("project"),
    )
    person = models.ForeignKey(
        "accounts.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("person"),
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self):
        return f"{moment(self.created_at)} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("Events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Events are append-only.")


class OutgoingMail(models.Model):
    """A mail in the outbox (portal.mail): written with the change it tells about, sent by the
    task worker, tried again with growing pauses while the mail server is away. A worker claims
    a mail (``sending``, until ``claimed_until``) before it talks to the server and marks it
    ``sent`` after; a claim left by a worker that died runs out and the mail is taken over.
    The Message-ID stays the same on every try, so a receiving server can tell a repeat."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    to = models.JSONField(_("to"))
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=500)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The request that wrote the mail (portal/logs.py): the worker's log lines carry it too.
    # A default in the database: the version before it, still running during a deploy, can
    # write mail (tests/quality/test_migrations_compatible.py).
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_default="")

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{', '.join(self.to)}: {self.subject}"


class SentReminder(models.Model):
    """A reminder that was sent: once per kind, thing, moment and person (see portal/reminders)."""

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    thing = models.CharField(_("what expires (key)"), max_length=120)
    moment = models.IntegerField(_("days before"))
    person = models.ForeignKey(
        "accounts.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    what = models.CharField(_("what expires"), max_length=300, blank=True)
    due_date = models.DateField(_("expiry date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "thing", "moment", "person"], name="reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.kind} – {self.what} ({self.due_date:%d-%m-%Y})"


class ReminderRun(models.Model):
    """One row per reminder kind (and one for the CBS digest): locked while that kind runs, so
    two runs at once send one mail. ``cursor``: for the digest, the events told so far."""

    kind = models.CharField(max_length=40, primary_key=True)
    ran_at = models.DateTimeField(null=True, blank=True)
    cursor = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("reminder run")
        verbose_name_plural = _("reminder runs")

    def __str__(self):
        return self.kind


class CbsDigest(models.Model):
    """A digest mail to CBS: everything customers did since the recipient's previous one."""

    recipient = models.EmailField(_("recipient"), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    last_event_id = models.BigIntegerField(_("last event"))
    event_count = models.PositiveIntegerField(_("number of events"))

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("digest mail to CBS")
        verbose_name_plural = _("digest mails to CBS")

    def __str__(self):
        return f"{self.recipient} {moment(self.sent_at)}"


class ServiceLevel(models.Model):
    """The service level CBS sets for a kind of work in the work queue (``portal.workqueue``):
    within how many working days (or calendar days) it should be done. Without a row, the
    kind's registration gives the default."""

    kind = models.CharField(_("kind of work"), max_length=60, primary_key=True)
    working_days = models.PositiveSmallIntegerField(_("working days"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("calendar days"), null=True, blank=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("service level")
        verbose_name_plural = _("service levels")

    def __str__(self):
        from portal.workqueue import kind_label

        return str(kind_label(self.kind))


class WorkSummary(models.Model):
    """The weekly summary mail of open work sent to a staff member: one per person per week."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE
    )
    week = models.CharField(_("week"), max_length=8)  # ISO year and week, e.g. "2026-W48"
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    item_count = models.PositiveIntegerField(_("number of items"))

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("weekly work summary")
        verbose_name_plural = _("weekly work summaries")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "week"], name="one_work_summary_a_week")
        ]

    def __str__(self):
        return f"{self.recipient_id} {self.week}"


class JobRun(models.Model):
    """One run of a scheduled job (portal/scheduler.py): the moment it was due (``slot``), when
    it ran and how it went. One run per job and slot: two schedulers never run a job twice."""

    class Outcome(models.TextChoices):
        # In its own context: a project's status "Running" is "Lopend", a job's is "Bezig".
        RUNNING = "running", pgettext_lazy("job run", "Running")
        OK = "ok", _("Succeeded")
        FAILED = "failed", _("Failed")

    job = models.CharField(_("job"), max_length=60)
    slot = models.DateTimeField(_("due at"))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.RUNNING
    )
    detail = models.TextField(_("output or error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="portal_jobrun_one_per_slot")
        ]
        indexes = [models.Index(fields=["job", "outcome", "-started_at"])]

    def __str__(self):
        return f"{self.job} {moment(self.slot)}"


class Heartbeat(models.Model):
    """A long-running process (the worker, the scheduler) says every few seconds that it runs;
    readiness and the metrics tell how long ago each last did."""

    name = models.CharField(max_length=40, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return self.name
