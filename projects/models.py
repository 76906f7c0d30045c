from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from projects.bijlagen import BIJLAGE_DEFINITIONS


class CatalogueItem(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class DataFile(CatalogueItem):
    """A standard data file in the catalogue (B-code)."""

    class Meta(CatalogueItem.Meta):
        verbose_name = _("data file")
        verbose_name_plural = _("data files (catalogue)")


class Service(CatalogueItem):
    """A service in the catalogue (D-code)."""

    class Meta(CatalogueItem.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services (catalogue)")


class Status(models.TextChoices):
    ORIENTATION = "orientation", _("Orientation")
    SUBMITTED = "submitted", _("Submitted for review")
    IN_REVIEW = "in_review", _("In review")
    CONTRACT = "contract", _("Drawing up contract")
    COSTS_SENT = "costs_sent", _("Cost overview awaiting approval")
    AGREEMENT = "agreement", _("Agreement awaiting signature")
    PREPARING = "preparing", _("Preparing data")
    RUNNING = "running", _("Running")
    # Temporarily frozen by CBS on a change request (ADR 0020): no Remote Access, no output.
    FROZEN = "frozen", _("Temporarily frozen")
    CLOSURE_REQUESTED = "closure_requested", _("Closure requested")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")


class Phase(models.IntegerChoices):
    REQUEST = 1, _("1. Research request")
    PREPARATION = 2, _("2. Research preparation")
    EXECUTION = 3, _("3. Research execution")
    CLOSURE = 4, _("4. Research closure")


# A project's life is over once it is closed or rejected: the archive, not current work.
OPEN_STATUSES = frozenset(Status) - {Status.CLOSED, Status.REJECTED}

PHASE_OF_STATUS = {
    Status.ORIENTATION: Phase.REQUEST,
    Status.SUBMITTED: Phase.REQUEST,
    Status.IN_REVIEW: Phase.REQUEST,
    Status.REJECTED: Phase.REQUEST,
    Status.CONTRACT: Phase.PREPARATION,
    Status.COSTS_SENT: Phase.PREPARATION,
    Status.AGREEMENT: Phase.PREPARATION,
    Status.PREPARING: Phase.PREPARATION,
    Status.RUNNING: Phase.EXECUTION,
    Status.FROZEN: Phase.EXECUTION,
    Status.CLOSURE_REQUESTED: Phase.CLOSURE,
    Status.CLOSED: Phase.CLOSURE,
}


class Project(models.Model):
    number = models.PositiveIntegerField(_("project number"), unique=True)
    title = models.CharField(_("title of the research"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("project status"),
        max_length=20,
        choices=Status.choices,
        default=Status.ORIENTATION,
        db_index=True,
    )
    # When the project came into its status (set by the lifecycle's one write,
    # projects.services.project_transition): the work queue's "waiting since".
    status_since = models.DateTimeField(_("in this status since"), default=timezone.now)
    institution = models.ForeignKey(
        "accounts.Institution",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    reference_number = models.CharField(_("reference number"), max_length=40, blank=True)
    cbs_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("CBS contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cbs_projects",
        limit_choices_to={"is_staff": True},
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Afsluiting: set by closing (projects.closure.project_close); the archive is kept until
    # archive_until, then the retention command removes documents and contact data.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    archive_until = models.DateField(_("archived until"), null=True, blank=True)
    archive_removed_at = models.DateTimeField(_("archive removed at"), null=True, blank=True)
    # The project this one was copied from ("Kopiëren als nieuw project").
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="project_end_after_start"
            )
        ]
        # The work queue: a status's projects, longest waiting first.
        indexes = [models.Index(fields=["status", "status_since"])]

    def __str__(self):
        return f"{self.title} ({self.number})"

    @property
    def phase(self) -> Phase:
        return PHASE_OF_STATUS[Status(self.status)]

    def get_status_display(self) -> str:
        """As Django's, without translating all eleven labels each call (Django builds a dict of
        every choice per call; a list of 25 projects translated 275 labels to show 25)."""
        try:
            return str(Status(self.status).label)
        except ValueError:
            return self.status


class Role(models.TextChoices):
    LEADER = "leader", _("External project leader")
    RESEARCHER_PLUS = "researcher_plus", _("Researcher+")
    RESEARCHER = "researcher", _("Researcher")
    SIGNATORY = "signatory", _("Authorized signatory (TB)")
    VIEWER = "viewer", _("Viewer")


class TeamMemberQuerySet(models.QuerySet):
    def current(self, on=None):
        """Members whose period on the team includes ``on`` (today when not given): started,
        and not ended. The one definition of "on the team"; see ``TeamMember.is_current``."""
        day = on or timezone.localdate()
        return self.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class TeamMember(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="team"
    )
    person = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("name"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    ossc_access = models.BooleanField(_("OSSC access"), default=False)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["project", "person__last_name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["project", "person"], name="team_member_once"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="team_member_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["person", "project"])]

    def __str__(self):
        return f"{self.person.full_name} – {self.get_role_display()}"

    def is_current(self, on=None) -> bool:
        """On the team on ``on`` (today when not given): the same rule as ``current()``."""
        day = on or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def get_role_display(self) -> str:
        """As Django's, without translating every role label per call (see Project)."""
        try:
            return str(Role(self.role).label)
        except ValueError:
            return self.role


class BijlageStatus(models.TextChoices):
    TO_FILL = "to_fill", _("To be filled in")
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


class Bijlage(models.Model):
    """A checklist attachment (Bijlage 1, 2 or 3): rich-text sections with a status."""

    class Kind(models.IntegerChoices):
        RESEARCH_PROPOSAL = 1, _("Appendix 1. Research proposal")
        PUBLICATION_PLAN = 2, _("Appendix 2. Publication plan")
        GDPR = 3, _("Appendix 3. GDPR legal basis and purpose")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="bijlagen"
    )
    kind = models.PositiveSmallIntegerField(_("subject"), choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=BijlageStatus.choices, default=BijlageStatus.TO_FILL
    )
    # {section key: sanitized HTML}; sections are defined in projects/bijlagen.py.
    sections = models.JSONField(_("sections"), default=dict, blank=True)
    # Optimistic lock: a save must name the version it edited.
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["project", "kind"]
        verbose_name = _("checklist attachment")
        verbose_name_plural = _("checklist attachments")
        constraints = [models.UniqueConstraint(fields=["project", "kind"], name="bijlage_once")]

    def __str__(self):
        return self.get_kind_display()

    # As Django's, without translating every label per call (see Project.get_status_display).
    def get_kind_display(self) -> str:
        try:
            return str(self.Kind(self.kind).label)
        except ValueError:
            return str(self.kind)

    def get_status_display(self) -> str:
        try:
            return str(BijlageStatus(self.status).label)
        except ValueError:
            return self.status

    @property
    def definition(self):
        return BIJLAGE_DEFINITIONS[self.kind]


class FileKind(models.TextChoices):
    STANDARD = "standard", _("Standard file")
    CUSTOM = "custom", _("Custom")


class PreparationStatus(models.TextChoices):
    """How far CBS is with preparing a data file (set by CBS in the admin)."""

    REQUESTED = "requested", _("Requested")
    IN_PREPARATION = "in_preparation", _("In preparation")
    READY = "ready", _("Ready in the RA")
    CANCELLED = "cancelled", _("Cancelled")


class ProjectFile(models.Model):
    """A data file requested for the project ("Bestanden")."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("file type"), max_length=10, choices=FileKind.choices)
    data_file = models.ForeignKey(
        DataFile, verbose_name=_("data file"), null=True, blank=True, on_delete=models.PROTECT
    )
    explanation = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(_("added on"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Data preparation (Voorbereiding): set by CBS through agreements.services.file_preparation_set.
    preparation_status = models.CharField(
        _("preparation status"),
        max_length=20,
        choices=PreparationStatus.choices,
        default=PreparationStatus.REQUESTED,
    )
    preparation_date = models.DateField(_("preparation status date"), null=True, blank=True)
    preparation_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project file")
        verbose_name_plural = _("project files")

    def __str__(self):
        return str(self.data_file) if self.data_file_id else self.get_kind_display()

    def get_preparation_status_display(self) -> str:
        try:
            return str(PreparationStatus(self.preparation_status).label)
        except ValueError:
            return self.preparation_status


class ProjectFileDocument(models.Model):
    """A document uploaded with a file request; private, served only to the team."""

    project_file = models.ForeignKey(
        ProjectFile, verbose_name=_("file"), on_delete=models.CASCADE, related_name="documents"
    )
    document = models.FileField(_("document"), upload_to="project-files/")
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.original_name


class ProjectService(models.Model):
    """A service requested for the project ("Diensten")."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="services"
    )
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT)
    explanation = models.TextField(_("explanation"), blank=True)
    created_at = models.DateTimeField(_("added on"), auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project service")
        verbose_name_plural = _("project services")

    def __str__(self):
        return str(self.service)


class PublicationKind(models.TextChoices):
    ARTICLE = "article", _("Journal article")
    REPORT = "report", _("Report")
    THESIS = "thesis", _("Thesis")
    PRESENTATION = "presentation", _("Presentation")
    OTHER = "other", _("Other")


class PublicationQuerySet(models.QuerySet):
    """Publications by their dates: what CBS and the reminders ask of them."""

    def completed(self):
        return self.filter(actual_date__isnull=False)

    def pending(self):
        """Announced with an expected date, not yet completed with the actual one."""
        return self.filter(actual_date__isnull=True, expected_date__isnull=False)

    def overdue(self, on=None):
        return self.pending().filter(expected_date__lt=on or timezone.localdate())

    def expected_within(self, days: int, on=None):
        """Pending and expected from ``on`` (today) up to ``days`` days later."""
        import datetime

        day = on or timezone.localdate()
        return self.pending().filter(
            expected_date__gte=day, expected_date__lte=day + datetime.timedelta(days=days)
        )


class Publication(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="publications"
    )
    title = models.CharField(_("title"), max_length=300)
    authors = models.CharField(_("authors"), max_length=500)
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("type"), max_length=20, choices=PublicationKind.choices)
    link = models.CharField(_("link or DOI"), max_length=500, blank=True)
    expected_date = models.DateField(_("expected date"), null=True, blank=True)
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.title


class BijlageVersion(models.Model):
    """The text of Bijlage 1, 2 and 3 as submitted: frozen at each "Indienen ter beoordeling"
    and numbered 1, 2, ... per project, so both sides can see what changed between two."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="bijlage_versions",
    )
    number = models.PositiveIntegerField(_("version"))
    # {"1": {section key: sanitized HTML}, "2": {...}, "3": {...}}
    texts = models.JSONField(_("texts"), default=dict)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="bijlage_version_once")
        ]

    def __str__(self):
        return str(_("Version %(number)s") % {"number": self.number})

    def section_text(self, kind: int, key: str) -> str:
        return (self.texts.get(str(kind)) or {}).get(key, "")
