import io

import pytest
from django.core.management import call_command

import accounts.demo
import awareness.demo
from awareness.models import AwarenessTest, Choice, Question
from requests_inbox.models import Action, ActionKind, ActionStatus

pytestmark = pytest.mark.django_db


def load():
    accounts.demo.load(io.StringIO())
    awareness.demo.load(io.StringIO())


def test_demo_test_is_complete_and_active():
    load()
    test = AwarenessTest.objects.get()
    assert (test.name, test.year, test.pass_mark, test.is_active) == (
        "Awarenesstoets 2024",
        2024,
        80,
        True,
    )
    questions = list(test.questions.prefetch_related("choices"))
    assert len(questions) >= 10
    assert [q.required for q in questions].count(False) == 1
    for question in questions:
        assert question.text and question.text_en
        choices = list(question.choices.all())
        assert len(choices) == 4
        assert all(c.text and c.text_en for c in choices)
        right = [c for c in choices if c.is_correct]
        assert len(right) == 1 and right[0].why and right[0].why_en
    assert questions[0].text.startswith("Ik constateer op basis van CBS microdata")


def test_piet_gets_an_open_awareness_action():
    load()
    action = Action.objects.get(kind=ActionKind.AWARENESS_TEST, person__first_name="Piet")
    assert action.is_open and action.status == ActionStatus.TO_TAKE


def test_loading_twice_changes_nothing():
    load()
    before = (
        list(Question.objects.values_list("pk", "text")),
        list(Choice.objects.values_list("pk", "is_correct")),
        Action.objects.count(),
    )
    load()
    after = (
        list(Question.objects.values_list("pk", "text")),
        list(Choice.objects.values_list("pk", "is_correct")),
        Action.objects.count(),
    )
    assert after == before


def test_the_whole_demo_loads(capsys):
    call_command("load_demo")
    call_command("load_demo")
    assert AwarenessTest.objects.count() == 1
    # Who works in the RA (projects.readiness): Piet (a PID code) and Patricia (Onderzoeker);
    # Kees, who left AFAS (institutions.demo), had his action withdrawn with his leave.
    assert sorted(
        Action.objects.open()
        .filter(kind=ActionKind.AWARENESS_TEST)
        .values_list("person__last_name", flat=True)
    ) == ["Bakker", "Bouwer"]
