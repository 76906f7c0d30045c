import functools
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


class ActionKind(models.TextChoices):
    USER_DECLARATION = "user_declaration", _("User declaration")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality declaration")
    NEW_CONTACT_PERSON = "new_contact_person", _("New contact person")
    COST_REVIEW = "cost_review", _("Review cost overview")
    QUESTION = "question", _("Question")
    AWARENESS_TEST = "awareness_test", _("Awareness test")
    AGREEMENT_SIGNING = "agreement_signing", _("Sign project agreement")


@functools.cache
def standard_subjects(kind: str) -> frozenset[str]:
    """A kind's own name in each language of the portal: the subject of an action CBS gave no
    subject of its own. Made once per process (the translations do not change while it runs),
    not for each action Home lists."""
    label = ActionKind(kind).label
    names = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(str(label))
    return frozenset(names)


class ActionStatus(models.TextChoices):
    # Open: the person must act.
    TO_SIGN = "to_sign", _("To be signed")
    UPLOAD_DOCUMENT = "upload_document", _("Upload document")
    TO_REVIEW = "to_review", _("To be reviewed")
    TO_ANSWER = "to_answer", _("To be answered")
    TO_TAKE = "to_take", _("To be taken")
    # Sent: the person acted (CBS may still review).
    SIGNED = "signed", _("Signed")
    AWAITING_CBS = "awaiting_cbs", _("Awaiting review by CBS")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    AGREED = "agreed", _("Agreed")
    NOT_AGREED = "not_agreed", _("Not agreed")
    ANSWERED = "answered", _("Answered")
    PASSED = "passed", _("Passed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    DECLINED = "declined", _("Declined")


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_at__isnull=True)

    def sent(self):
        return self.filter(completed_at__isnull=False)


class Action(models.Model):
    """Something a person must do; shown under Openstaande acties, then under Verzonden."""

    person = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="actions",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActionKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    regarding = models.CharField(_("regarding"), max_length=200, blank=True)
    body = models.TextField(_("explanation"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    cost_overview = models.ForeignKey(
        "requests_inbox.CostOverview",
        verbose_name=_("cost overview"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="actions",
    )
    declaration = models.ForeignKey(
        "accounts.ConfidentialityDeclaration",
        verbose_name=_("confidentiality declaration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    created_at = models.DateTimeField(_("date sent"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    response = models.TextField(_("response"), blank=True)
    # A signed form the person uploaded (Nieuw contactpersoon); private, stored under our name.
    document = models.FileField(_("uploaded document"), upload_to="action-documents/", blank=True)
    document_name = models.CharField(_("name of the uploaded document"), max_length=255, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [
            models.Index(fields=["person", "completed_at", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.pk} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    @property
    def title(self) -> str:
        """The subject as shown: a standard kind's own name in the reader's language, unless
        CBS gave it a subject of its own (questions always keep theirs)."""
        standard = self.kind != ActionKind.QUESTION and (
            not self.subject or self.subject in standard_subjects(self.kind)
        )
        return str(ActionKind(self.kind).label) if standard else self.subject


class ActionAttachment(models.Model):
    """A document CBS attaches to an action (private; served through a permission check)."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="attachments"
    )
    document = models.FileField(_("document"), upload_to="action-attachments/")
    name = models.CharField(_("name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100, default="application/pdf")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class TariffKind(models.TextChoices):
    STARTUP = "startup", _("Start-up")
    SERVICE = "service", _("Service")
    FILE = "file", _("Per file")
    RESEARCHER = "researcher", _("Per researcher")
    TEXT = "text", _("Text")


class Tariff(models.Model):
    """An entry of the tariff list CBS keeps (e.g. "Opstarten nieuw project" 1.850,00)."""

    description = models.CharField(_("description"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=TariffKind.choices)
    unit_price = models.DecimalField(_("price per unit (€)"), max_digits=12, decimal_places=2)
    is_active = models.BooleanField(_("active"), default=True)
    # For tariffs of type "Service": the catalogue service it prices (used by the proposal).
    service = models.ForeignKey(
        "projects.Service",
        verbose_name=_("service"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tariffs",
    )

    class Meta:
        ordering = ["kind", "description"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")

    def __str__(self):
        return self.description


class CostOverviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    AGREED = "agreed", _("Agreed")
    NOT_AGREED = "not_agreed", _("Not agreed")


class CostOverview(models.Model):
    """Bijlage 4 Kostenoverzicht, written by CBS, approved or rejected by the customer."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="cost_overviews",
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CostOverviewStatus.choices,
        default=CostOverviewStatus.DRAFT,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The PDF exactly as sent; what the customer approves.
    pdf = models.FileField(_("PDF"), upload_to="cost-overviews/", blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    # A supplementary overview (Aanvullend kostenoverzicht) of a change to a running project:
    # sending and deciding it move no lifecycle status; its decision applies the change or not.
    supplement = models.BooleanField(_("supplementary"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("cost overview")
        verbose_name_plural = _("cost overviews")
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="sent", supplement=False),
                name="cost_overview_one_sent_per_project",
            )
        ]

    def __str__(self):
        return f"Bijlage 4 Kostenoverzicht – {self.project}"

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines.all()), Decimal("0.00"))


class CostLine(models.Model):
    overview = models.ForeignKey(
        CostOverview,
        verbose_name=_("cost overview"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=20, choices=TariffKind.choices, blank=True)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2, default=1)
    unit_price = models.DecimalField(_("price per unit (€)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["overview", "position", "id"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")

    def __str__(self):
        return self.description

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(CENT, rounding=ROUND_HALF_UP)
