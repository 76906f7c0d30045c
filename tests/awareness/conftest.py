"""Awareness fixtures: a small active test (5 questions, the last one optional) and a
researcher with Remote Access (``ra_user``, Piet Bakker with a PID code)."""

import pytest

from awareness.models import AwarenessTest
from tests.conftest import make_user
from tests.factories import AwarenessTestFactory, ChoiceFactory, QuestionFactory


def build_test(*, required: int = 4, optional: int = 1, pass_mark: int = 80, **fields):
    """A test with ``required`` + ``optional`` questions of 4 choices; the 2nd choice is right."""
    test = AwarenessTestFactory(pass_mark=pass_mark, **fields)
    for index in range(required + optional):
        question = QuestionFactory(
            test=test,
            position=index,
            required=index < required,
            text=f"Vraag {index + 1}?",
            text_en=f"Question {index + 1}?",
            explanation=f"Toelichting {index + 1}",
            explanation_en=f"Explanation {index + 1}",
        )
        for position in range(4):
            ChoiceFactory(
                question=question,
                position=position,
                text=f"Antwoord {index + 1}{'abcd'[position]}",
                text_en=f"Answer {index + 1}{'abcd'[position]}",
                is_correct=position == 1,
                why=f"Daarom {index + 1}" if position == 1 else "",
                why_en=f"Because {index + 1}" if position == 1 else "",
            )
    return test


def answers(test: AwarenessTest, *, wrong: int = 0, skip: tuple = ()) -> dict[int, int | None]:
    """question id -> choice id: the right choice, except the first ``wrong`` questions (the
    first wrong choice) and the positions in ``skip`` (unanswered)."""
    result = {}
    for index, question in enumerate(test.questions.prefetch_related("choices")):
        choices = list(question.choices.all())
        if index in skip:
            result[question.pk] = None
        elif index < wrong:
            result[question.pk] = next(c.pk for c in choices if not c.is_correct)
        else:
            result[question.pk] = next(c.pk for c in choices if c.is_correct)
    return result


def post_data(answer_map: dict[int, int | None]) -> dict[str, str]:
    return {f"question_{qid}": str(cid) for qid, cid in answer_map.items() if cid is not None}


@pytest.fixture
def awareness_test(db):
    test = build_test(name="Awarenesstoets 2024", year=2024)
    AwarenessTest.objects.filter(pk=test.pk).update(is_active=True)
    test.refresh_from_db()
    return test


@pytest.fixture
def ra_user(institution):
    """Piet Bakker: a portal account with Remote Access (a PID code)."""
    return make_user(
        institution,
        first_name="Piet",
        last_name="Bakker",
        initials="P.",
        pid_code="PID10231",
        email="piet.bakker@example.nl",
    )


@pytest.fixture
def other_ra_user(other_institution):
    return make_user(other_institution, pid_code="PID20000")
