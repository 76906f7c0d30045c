"""The awareness test, attempts with their answers."""

import datetime

from awareness.models import Answer, Attempt, AwarenessTest, Choice, Question
from benchmarks.seed.base import SeederBase


class AwarenessSeeder(SeederBase):
    def seed_awareness(self, counts, attempts):
        rng, today = self.rng, self.today
        # The one active test, unless the database already has one (awareness_one_active_test).
        active = not AwarenessTest.objects.filter(is_active=True).exists()
        test = AwarenessTest.objects.create(
            name=f"Awarenesstoets schaal {today.year}", year=today.year, version=99,
            is_active=active,
        )  # fmt: skip
        questions = self.bulk(
            Question,
            [Question(test=test, position=q, text=f"Schaalvraag {q}?") for q in range(10)],
        )
        choices = self.bulk(
            Choice,
            [
                Choice(question=question, position=c, text=f"Antwoord {c}", is_correct=c == 0)
                for question in questions
                for c in range(4)
            ],
        )
        choices_of = {}
        for choice in choices:
            choices_of.setdefault(choice.question_id, []).append(choice)
        # Attempts of people with Remote Access; the answers fit the score.
        remote = [p for p in self.people if p.pid_code] or self.people[:1]
        attempt_objs, answer_plan = [], []
        for i in range(attempts):
            person = remote[i % len(remote)]
            picks = [rng.random() < 0.85 for _ in questions]
            correct = sum(picks)
            score = round(100 * correct / len(questions))
            passed = score >= test.pass_mark
            attempt_objs.append(
                Attempt(
                    test=test,
                    person=person,
                    number=1 + i // len(remote),
                    started_at=self.ago(400 - i % 365),
                    submitted_at=self.ago(400 - i % 365),
                    correct=correct,
                    total=len(questions),
                    score=score,
                    passed=passed,
                    valid_until=today + datetime.timedelta(days=365 - i % 365) if passed else None,
                )
            )
            answer_plan.append(picks)
        self.attempts = self.bulk(Attempt, attempt_objs)
        counts["awareness attempts"] = len(self.attempts)
        answers = [
            Answer(
                attempt=attempt,
                question=question,
                choice=choices_of[question.pk][0] if right else choices_of[question.pk][1],
            )
            for attempt, picks in zip(self.attempts, answer_plan, strict=True)
            for question, right in zip(questions, picks, strict=True)
        ]
        counts["awareness answers"] = len(self.bulk(Answer, answers))
        self.passed_by = {a.person_id: a for a in self.attempts if a.passed}
