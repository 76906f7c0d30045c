"""Uitvoering ("Uitvoering onderzoek"): change requests (wijzigingsverzoeken) and output checks.

A change request asks CBS to change a project that has left Oriëntatie (its team, files,
services, end date, or to freeze it). What it asks is one of the kinds in ``changes/kinds.py``;
its details are kept in ``data`` (JSON, the kind's form's cleaned values). An output check asks
CBS to release output exported from the Remote Access environment.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ChangeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review by CBS")
    AWAITING_COSTS = "awaiting_costs", _("Awaiting cost approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    COSTS_NOT_AGREED = "costs_not_agreed", _("Costs not approved")


OPEN_CHANGE_STATUSES = frozenset(
    {ChangeStatus.SUBMITTED, ChangeStatus.IN_REVIEW, ChangeStatus.AWAITING_COSTS}
)


class AskedQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=self.model.open_statuses)


class AskedOfCbs(models.Model):
    """What a team asks of CBS and CBS decides: who asked when, who decided when, and the
    status (``status_choices``; open while in ``open_statuses``)."""

    status_choices: type[models.TextChoices]
    open_statuses: frozenset

    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    asked_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["project", "status"])]  # a project's open ones

    @property
    def is_open(self) -> bool:
        return self.status in self.open_statuses

    def get_status_display(self) -> str:
        try:
            return str(self.status_choices(self.status).label)
        except ValueError:
            return self.status


class ChangeRequest(AskedOfCbs):
    status_choices = ChangeStatus
    open_statuses = OPEN_CHANGE_STATUSES

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    # A key of changes.kinds.KINDS ("add_researcher", "extend_end_date", ...).
    kind = models.CharField(_("kind"), max_length=40)
    # The kind's form's values (ids, ISO dates, text), read by the kind's apply function.
    data = models.JSONField(_("details"), default=dict, blank=True)
    # What is asked, in words without language ("J. Jansen", "B123 Name", "31-12-2027").
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    explanation = models.TextField(_("explanation"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ChangeStatus.choices,
        default=ChangeStatus.SUBMITTED,
        db_index=True,
    )
    taken_at = models.DateTimeField(_("taken into review at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # The supplementary cost overview the leader or a signatory must approve first.
    cost_overview = models.OneToOneField(
        "requests_inbox.CostOverview",
        verbose_name=_("supplementary cost overview"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="change_request",
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    objects = AskedQuerySet.as_manager()

    class Meta(AskedOfCbs.Meta):
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")

    def __str__(self):
        return f"{self.kind_label} – {self.project.number}"

    @property
    def kind_label(self) -> str:
        from changes.kinds import KINDS

        kind = KINDS.get(self.kind)
        return str(kind.label) if kind else self.kind


class OutputStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", pgettext_lazy("output check", "In review")
    RELEASED = "released", _("Released")
    NOT_RELEASED = "not_released", _("Not released")
    ADJUST = "adjust", _("Adjust")


OPEN_OUTPUT_STATUSES = frozenset({OutputStatus.SUBMITTED, OutputStatus.IN_REVIEW})
OUTPUT_DECISIONS = frozenset(
    {OutputStatus.RELEASED, OutputStatus.NOT_RELEASED, OutputStatus.ADJUST}
)


class OutputCheckQuerySet(AskedQuerySet):
    def released(self):
        return self.filter(status=OutputStatus.RELEASED)


class OutputCheck(AskedOfCbs):
    """Outputcontrole: one request per export from the Remote Access environment."""

    status_choices = OutputStatus
    open_statuses = OPEN_OUTPUT_STATUSES

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="output_checks",
    )
    description = models.TextField(_("description"))
    package_name = models.CharField(_("name of the export package"), max_length=200)
    light = models.BooleanField(_("LIGHT output check"), default=False)
    # The filled output control form; private, stored under our own name.
    form_document = models.FileField(_("output control form"), upload_to="output-checks/")
    form_name = models.CharField(_("name of the form"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OutputStatus.choices,
        default=OutputStatus.SUBMITTED,
        db_index=True,
    )
    # The answer promised when asked (changes.services.expected_answer_date).
    expected_answer_date = models.DateField(_("expected answer"))
    comments = models.TextField(_("comments of CBS"), blank=True)

    objects = OutputCheckQuerySet.as_manager()

    class Meta(AskedOfCbs.Meta):
        verbose_name = _("output check")
        verbose_name_plural = _("output checks")

    def __str__(self):
        return f"{self.package_name} – {self.project.number}"
