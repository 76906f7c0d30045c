import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    NL = "nl", _("Dutch")
    EN = "en", _("English")


class Gender(models.TextChoices):
    MALE = "m", _("Male")
    FEMALE = "v", _("Female")
    OTHER = "x", _("Other / not specified")


class InstitutionQuerySet(models.QuerySet):
    def authorized_on(self, day):
        return self.filter(authorization_start__lte=day).filter(
            Q(authorization_end__isnull=True) | Q(authorization_end__gte=day)
        )

    def currently_authorized(self):
        return self.authorized_on(timezone.localdate())


class Institution(models.Model):
    """An institution authorized (gemachtigd) by CBS to work with microdata."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    authorization_start = models.DateField(_("authorization start date"), null=True, blank=True)
    authorization_end = models.DateField(_("authorization end date"), null=True, blank=True)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True, default="Nederland")
    is_cbs = models.BooleanField(
        _("is CBS"), default=False, help_text=_("CBS itself (e.g. CBS Microdata Services).")
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(authorization_end__isnull=True)
                | Q(authorization_start__isnull=True)
                | Q(authorization_end__gte=models.F("authorization_start")),
                name="institution_authorization_end_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def is_authorized_on(self, day) -> bool:
        if self.authorization_start is None or self.authorization_start > day:
            return False
        return self.authorization_end is None or self.authorization_end >= day

    @property
    def is_currently_authorized(self) -> bool:
        return self.is_authorized_on(timezone.localdate())

    @property
    def address(self) -> str:
        return _format_address(self.street_address, self.postal_code, self.city, self.country)


def _format_address(street, postal_code, city, country) -> str:
    place = " ".join(part for part in [postal_code, (city or "").upper()] if part)
    return ", ".join(part for part in [street, place, country] if part)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def cbs_staff(self):
        """The active CBS staff, to choose from (CBS contact, assigned to): by name, each with
        what its text (``User.__str__``) reads in the same query."""
        return (
            self.filter(is_staff=True, is_active=True)
            .select_related("person__institution")
            .order_by("person__last_name", "person__first_name", "email")
        )

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A login. Email is the login name ("E-mail tbv inloggen"); person data live on Person."""

    email = models.EmailField(_("login email"), unique=True)
    is_staff = models.BooleanField(_("CBS staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    person = models.OneToOneField(
        "accounts.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        """Who this is, as the back office shows a login everywhere ("Bijgewerkt door", CBS
        contact, decided by): the person's name and institution (Person's own text), the login
        address only for a login without a person. Lists that show a login select
        ``<field>__person__institution``; allauth keeps showing the address (login_display)."""
        return str(self.person) if self.person_id else self.email

    @property
    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name
        return self.email

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.person.first_name if self.person_id else self.email


class ContractType(models.TextChoices):
    EMPLOYEE = "employee", _("Employment")
    INTERNSHIP = "internship", _("Internship")
    SECONDMENT = "secondment", _("Secondment")
    GUEST = "guest", _("Guest researcher")


class Person(models.Model):
    """A person at an institution: a contact person, who may also have a portal account."""

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="persons"
    )
    initials = models.CharField(_("initials"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    email = models.EmailField(_("work email"), blank=True)
    portal_email = models.EmailField(
        _("portal access email"),
        blank=True,
        help_text=_("Where the portal sends its notifications, if not the login email."),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    postal_street_address = models.CharField(_("postal address"), max_length=200, blank=True)
    postal_postal_code = models.CharField(
        _("postal address postal code"), max_length=10, blank=True
    )
    postal_city = models.CharField(_("postal address city"), max_length=100, blank=True)
    postal_country = models.CharField(_("postal address country"), max_length=100, blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True)
    # Set by CBS or the institution, read-only for the person.
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices, blank=True
    )
    placement_start = models.DateField(_("internship/secondment start date"), null=True, blank=True)
    placement_end = models.DateField(_("internship/secondment end date"), null=True, blank=True)
    manager_name = models.CharField(_("manager name"), max_length=200, blank=True)
    manager_function = models.CharField(_("manager function"), max_length=200, blank=True)
    is_signatory = models.BooleanField(_("authorized signatory"), default=False)
    is_account_manager = models.BooleanField(_("account manager"), default=False)
    pid_code = models.CharField(_("PID code"), max_length=40, blank=True)
    rsa_token_id = models.CharField(_("RSA token ID"), max_length=40, blank=True)
    rsa_token_expires = models.DateField(_("RSA token expiry date"), null=True, blank=True)
    newsletter = models.BooleanField(_("newsletter"), default=False)
    # "Uit dienst melden": the first day the person no longer works at the institution (set and
    # undone only through accounts.services.person_leave / person_leave_undo). From that day
    # the person cannot sign in; leave_applied_at says when the rest took effect.
    left_on = models.DateField(_("left the institution on"), null=True, blank=True)
    leave_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leave reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leave_applied_at = models.DateTimeField(_("leave applied at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["institution", "last_name"])]

    def __str__(self):
        return (
            f"{self.institution.name} - {self.full_name}" if self.institution_id else self.full_name
        )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in [self.first_name, self.prefix, self.last_name] if p)

    @property
    def short_name(self) -> str:
        """'P. Bakker (Piet)' as in the mock-up's team table."""
        surname = " ".join(p for p in [self.prefix, self.last_name] if p)
        return f"{self.initials} {surname} ({self.first_name})".strip()

    @property
    def initials_name(self) -> str:
        """'P. Bakker', as in 'Awarenesstoets 2024 - Toets 1--P. Bakker'."""
        surname = " ".join(p for p in [self.prefix, self.last_name] if p)
        return f"{self.initials} {surname}".strip()

    @property
    def address(self) -> str:
        return _format_address(self.street_address, self.postal_code, self.city, self.country)

    @property
    def postal_address(self) -> str:
        return _format_address(
            self.postal_street_address,
            self.postal_postal_code,
            self.postal_city,
            self.postal_country,
        )

    def has_left(self, on=None) -> bool:
        """Whether the person has left the institution on ``on`` (today when not given): the
        one definition of "left" (login, the institution's lists, the daily run)."""
        day = on or timezone.localdate()
        return self.left_on is not None and self.left_on <= day

    @property
    def notification_email(self) -> str:
        if self.portal_email:
            return self.portal_email
        user = getattr(self, "user", None)
        return user.email if user else self.email


class AccountRequestStatus(models.TextChoices):
    OPEN = "open", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class AccountRequest(models.Model):
    """ "Account aanvragen": a visitor asks for an account; the institution's manager decides."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="account_requests",
    )
    initials = models.CharField(_("initials"), max_length=20)
    first_name = models.CharField(_("first name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.NL
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AccountRequestStatus.choices,
        default=AccountRequestStatus.OPEN,
        db_index=True,
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
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
    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account_request",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=Q(status="open"),
                name="account_request_one_open_per_email",
            )
        ]

    def __str__(self):
        name = " ".join(p for p in [self.first_name, self.prefix, self.last_name] if p)
        return f"{name} ({self.institution.name})"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in [self.first_name, self.prefix, self.last_name] if p)


class UserDeclarationText(models.Model):
    """A version of the text of the Gebruikersverklaring, kept by CBS."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200, default="Gebruikersverklaring")
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("user declaration text")
        verbose_name_plural = _("user declaration texts")

    def __str__(self):
        return f"{self.title} v{self.version}"

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()


class UserDeclarationSignature(models.Model):
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="declaration_signatures",
    )
    text_version = models.ForeignKey(
        UserDeclarationText, verbose_name=_("version signed"), on_delete=models.PROTECT
    )
    signed_at = models.DateTimeField(_("signed at"), default=timezone.now)
    signed_name = models.CharField(_("name as signed"), max_length=200)
    text_hash = models.CharField(_("SHA-256 of the signed text"), max_length=64)

    class Meta:
        ordering = ["-signed_at"]
        verbose_name = _("user declaration signature")
        verbose_name_plural = _("user declaration signatures")

    def __str__(self):
        return f"{self.person.full_name} – {self.text_version}"


class ConfidentialityStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ConfidentialityDeclaration(models.Model):
    """A signed Geheimhoudingsverklaring (PDF) uploaded by the person, reviewed by CBS."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="confidentiality_declarations",
    )
    document = models.FileField(_("document"), upload_to="declarations/")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ConfidentialityStatus.choices,
        default=ConfidentialityStatus.SUBMITTED,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    valid_until = models.DateField(_("end date"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("confidentiality declaration")
        verbose_name_plural = _("confidentiality declarations")
        # The work queue's oldest declarations to review (scale 1: 7.9 ms → 0.7 ms).
        indexes = [models.Index(fields=["status", "uploaded_at", "id"])]

    def __str__(self):
        return f"{self.person.full_name} – {self.uploaded_at:%d-%m-%Y}"
