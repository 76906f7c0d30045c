import factory

from awareness.models import Attempt, AwarenessTest, Choice, Question

__all__ = ["AwarenessTestFactory", "ChoiceFactory", "QuestionFactory"]


class AwarenessTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwarenessTest

    name = factory.Sequence(lambda n: f"Awarenesstoets {2024 + n}")
    year = factory.Sequence(lambda n: 2024 + n)
    pass_mark = 80
    # Only one test may be active (a database constraint); activate with test_activate or
    # AwarenessTestFactory(is_active=True) once.
    is_active = False


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    test = factory.SubFactory(AwarenessTestFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Vraag {n}?")
    text_en = factory.Sequence(lambda n: f"Question {n}?")
    required = True


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Antwoord {n}")
    text_en = factory.Sequence(lambda n: f"Answer {n}")
    is_correct = False


class AttemptFactory(factory.django.DjangoModelFactory):
    """An attempt; pass ``passed=True, valid_until=...`` (and ``submitted_at``) for a pass."""

    class Meta:
        model = Attempt

    test = factory.SubFactory(AwarenessTestFactory)
    person = factory.SubFactory("tests.factories.accounts.PersonFactory")
    number = factory.Sequence(lambda n: n + 1)


__all__ += ["AttemptFactory"]
