"""The project agreement (projectovereenkomst), its versioned text and its signatures.

An agreement is drafted by CBS after the cost overview is agreed, frozen when sent (its body as
HTML, the SHA-256 of that body printed on it, and the PDF with its own hash), signed in the portal
by a Tekenbevoegde of the project's own institution and countersigned by CBS.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.models import ProjectFile, TeamMember


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


class AgreementText(models.Model):
    """A version of CBS's agreement text, kept in the admin like the Gebruikersverklaring text."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200, default="Projectovereenkomst")
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("agreement text")
        verbose_name_plural = _("agreement texts")

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def text_hash(self) -> str:
        return sha256(self.text)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    TO_SIGN = "to_sign", _("Awaiting signature")
    SIGNED = "signed", _("Signed, awaiting CBS")
    COUNTERSIGNED = "countersigned", _("Countersigned")
    DECLINED = "declined", _("Declined")


OPEN_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.TO_SIGN, AgreementStatus.SIGNED)


class Agreement(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=AgreementStatus.choices,
        default=AgreementStatus.DRAFT,
        db_index=True,
    )
    signatures_required = models.PositiveSmallIntegerField(
        _("signatures required"),
        choices=[(1, "1"), (2, "2")],
        default=1,
        help_text=_("How many authorized signatories of the institution must sign."),
    )
    text_version = models.ForeignKey(
        AgreementText,
        verbose_name=_("agreement text"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
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
    # Frozen when sent: the body as rendered, its hash (printed on the PDF) and the PDF itself.
    document_html = models.TextField(_("document as sent"), blank=True)
    document_hash = models.CharField(_("SHA-256 of the document"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="agreements/", blank=True)
    pdf_hash = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    countersigned_at = models.DateTimeField(_("countersigned at"), null=True, blank=True)
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("countersigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_pdf = models.FileField(_("signed PDF"), upload_to="agreements/", blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    actions = models.ManyToManyField(
        "requests_inbox.Action",
        verbose_name=_("actions"),
        blank=True,
        related_name="agreements",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project agreement")
        verbose_name_plural = _("project agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status__in=["draft", "to_sign", "signed"]),
                name="agreement_one_open_per_project",
            )
        ]

    def __str__(self):
        return f"Projectovereenkomst – {self.project}"

    def get_status_display(self) -> str:
        try:
            return str(AgreementStatus(self.status).label)
        except ValueError:
            return self.status


class AgreementSignature(models.Model):
    """One signature of a Tekenbevoegde: who, when, what exactly, from where."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("project agreement"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    person = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="agreement_signatures",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    signed_name = models.CharField(_("name as signed"), max_length=200)
    document_hash = models.CharField(_("SHA-256 of the signed document"), max_length=64)
    text_version = models.ForeignKey(
        AgreementText, verbose_name=_("agreement text"), on_delete=models.PROTECT
    )
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("agreement signature")
        verbose_name_plural = _("agreement signatures")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="agreement_signed_once")
        ]

    def __str__(self):
        return f"{self.person.full_name} – {self.agreement}"


class DataFilePreparation(ProjectFile):
    """The data files of projects as CBS prepares them (admin: Aangevraagd → Klaar in de RA)."""

    class Meta:
        proxy = True
        verbose_name = _("data file preparation")
        verbose_name_plural = _("data file preparation")


class RemoteAccessReadiness(TeamMember):
    """Team members who work in the RA, with their readiness (admin, read only)."""

    class Meta:
        proxy = True
        verbose_name = _("Remote Access readiness")
        verbose_name_plural = _("Remote Access readiness")
