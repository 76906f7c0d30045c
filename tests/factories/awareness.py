import factory

from awareness.models import AwarenessTest, Choice, Question

__all__ = ["AwarenessTestFactory", "ChoiceFactory", "QuestionFactory"]


class AwarenessTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwarenessTest

    name = factory.Sequence(lambda n: f"Awarenesstoets {2024 + n}")
    year = factory.Sequence(lambda n: 2024 + n)
    pass_mark = 80
    is_active = True


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
