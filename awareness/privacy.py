"""What awareness holds about people (the register of personal data, ``portal.privacy``): the
attempts at the awareness test and their answers."""

from django.utils.translation import gettext_lazy as _

from awareness.models import Answer, Attempt
from portal.privacy import Export, Kind, Removal, register, rows


def _attempts_anonymise(person) -> Removal:
    return Removal(Attempt.objects.filter(person=person).delete()[0])


def _attempts_export(person) -> Export:
    attempts = Attempt.objects.filter(person=person).order_by("started_at", "pk")
    data = rows(
        attempts, "pk", "test__name", "test__year", "number", "started_at", "submitted_at",
        "correct", "total", "score", "passed", "valid_until",
    )  # fmt: skip
    answers = Answer.objects.filter(attempt__in=attempts).order_by("attempt_id", "pk")
    data += rows(answers, "attempt_id", "question__text", "choice__text")
    return Export(data)


register(
    Kind(
        key="awareness",
        models=("awareness.Attempt", "awareness.Answer"),
        what=_("Your attempts at the awareness test: answers, score, passed, valid until"),
        purpose=_("Access to microdata requires a passed awareness test each year"),
        retention=_("Kept while you have access; removed when your data is anonymised."),
        period="PERSON_LEFT_DAYS",
        recipients=_("The account manager of your institution (passed and valid until)"),
        order=600,
        anonymise=_attempts_anonymise,
        export=_attempts_export,
    )
)

register.no_personal_data(
    "awareness.AwarenessTest", "awareness.Question", "awareness.Choice",
    why="The awareness test's questions and answers, the same for all.",
)  # fmt: skip
