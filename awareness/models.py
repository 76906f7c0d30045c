import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from portal.i18n import in_language


class AwarenessTest(models.Model):
    """A yearly awareness test. Once attempted it is frozen; change it by a new version."""

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Percentage of questions answered correctly."),
    )
    is_active = models.BooleanField(_("active"), default=False)
    retry_wait_hours = models.PositiveSmallIntegerField(
        _("waiting time before a retry (hours)"),
        default=24,
        help_text=_("After a failed attempt, a new attempt can be started after this many hours."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("awareness test")
        verbose_name_plural = _("awareness tests")
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="awareness_test_version_once"),
            # Only one test is taken at a time; awareness.services.awareness_test_activate switches.
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="awareness_one_active_test"
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100),
                name="awareness_pass_mark_percent",
            ),
        ]

    def __str__(self):
        return self.name if self.version == 1 else f"{self.name} (v{self.version})"


class Question(models.Model):
    test = models.ForeignKey(
        AwarenessTest, verbose_name=_("test"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("question (Dutch)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    explanation = models.TextField(_("explanation (Dutch)"), blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["test", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:80]

    @property
    def localized_text(self) -> str:
        return in_language(self.text, self.text_en)

    @property
    def localized_explanation(self) -> str:
        return in_language(self.explanation, self.explanation_en)


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("answer (Dutch)"))
    text_en = models.TextField(_("answer (English)"), blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)
    why = models.TextField(_("why (Dutch)"), blank=True)
    why_en = models.TextField(_("why (English)"), blank=True)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self):
        return self.text[:80]

    @property
    def localized_text(self) -> str:
        return in_language(self.text, self.text_en)

    @property
    def localized_why(self) -> str:
        return in_language(self.why, self.why_en)


def new_order_seed() -> int:
    return secrets.randbelow(2**31)


class Attempt(models.Model):
    test = models.ForeignKey(
        AwarenessTest, verbose_name=_("test"), on_delete=models.PROTECT, related_name="attempts"
    )
    person = models.ForeignKey(
        "accounts.Person",
        verbose_name=_("respondent"),
        on_delete=models.CASCADE,
        related_name="awareness_attempts",
    )
    number = models.PositiveSmallIntegerField(_("attempt number"), default=1)
    # Each attempt shows the questions, and each question's answers, in an order of its own.
    order_seed = models.PositiveIntegerField(_("order"), default=new_order_seed, editable=False)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    correct = models.PositiveSmallIntegerField(_("correct answers"), null=True, blank=True)
    total = models.PositiveSmallIntegerField(_("questions"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(fields=["test", "person", "number"], name="attempt_number_once")
        ]
        indexes = [models.Index(fields=["person", "passed", "valid_until"])]

    def __str__(self):
        return self.description

    @property
    def description(self) -> str:
        """'Awarenesstoets 2024 - Toets 1--P. Bakker' as in the mock-up."""
        return f"{self.test.name} - Toets {self.number}--{self.person.initials_name}"


class Answer(models.Model):
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT)
    choice = models.ForeignKey(Choice, verbose_name=_("choice"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_once_per_question")
        ]

    def __str__(self):
        return f"{self.attempt_id}: {self.question_id} → {self.choice_id}"


class RemoteAccessPerson(Person):
    """Read-only back-office view of people with Remote Access and their awareness status."""

    class Meta:
        proxy = True
        verbose_name = _("awareness status of a researcher")
        verbose_name_plural = _("awareness status of researchers")
