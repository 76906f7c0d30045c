"""Cost overviews with their lines and reviews, and the actions of every kind."""

import datetime
from decimal import Decimal

from accounts.models import (
    ConfidentialityDeclaration,
    ConfidentialityStatus,
    UserDeclarationSignature,
    UserDeclarationText,
)
from benchmarks.seed.base import (
    AGREED_STATUSES,
    BATCH,
    COST_DECIDERS,
    DECLARATION_TEXT,
    DONE_STATUS,
    OPEN_STATUS,
    OTHER_KINDS,
    SeederBase,
)
from projects.models import Status
from requests_inbox.models import (
    Action,
    ActionAttachment,
    ActionKind,
    CostLine,
    CostOverview,
    CostOverviewStatus,
    TariffKind,
)


class RequestsSeeder(SeederBase):
    def seed_cost_overviews(self, counts):
        """One overview per project past "Contract opstellen": sent (awaiting approval) or
        agreed, with lines; the sent ones carry their PDF as sent."""
        pdf = self.placeholder("cost-overviews")
        overviews = []
        for project in self.projects:
            if project.status == Status.COSTS_SENT:
                status, decided = CostOverviewStatus.SENT, None
            elif project.status in AGREED_STATUSES:
                status, decided = CostOverviewStatus.AGREED, self.ago(20)
            else:
                continue
            overviews.append(
                CostOverview(
                    project=project,
                    status=status,
                    created_by=self.staff,
                    sent_at=self.ago(30),
                    pdf=pdf,
                    decided_at=decided,
                )
            )
        self.overviews = self.bulk(CostOverview, overviews)
        self.bulk(
            CostLine,
            [
                CostLine(
                    overview=overview,
                    position=line,
                    kind=TariffKind.STARTUP if line == 0 else TariffKind.FILE,
                    description="Opstarten nieuw project" if line == 0 else f"Bestand {line}",
                    quantity=Decimal(1 + line % 3),
                    unit_price=Decimal("1850.00") if line == 0 else Decimal("450.00"),
                )
                for overview in self.overviews
                for line in range(6)
            ],
        )
        counts["cost overviews"] = len(self.overviews)

    def seed_actions(self, counts, actions):
        rng = self.rng
        people, bench_person = self.people, self.bench_person
        text = UserDeclarationText.objects.order_by("-version").first()
        if text is None:
            text = UserDeclarationText.objects.create(
                version=1, text=DECLARATION_TEXT, published_at=self.ago(800)
            )
        deciders: dict[int, list[int]] = {}
        for member in self.team:
            if member.role in COST_DECIDERS and member.end_date is None:
                deciders.setdefault(member.project_id, []).append(member.person_id)

        action_objs: list[Action] = []

        def add(person_id, kind, *, done, i, **fields):
            user = self.user_of.get(person_id)
            created = self.ago(10 + i % 300)
            action_objs.append(
                Action(
                    person_id=person_id,
                    kind=kind,
                    subject=f"{ActionKind(kind).label} {i}",
                    status=DONE_STATUS[kind] if done else OPEN_STATUS[kind],
                    created_at=created,
                    created_by=self.staff,
                    completed_at=created + datetime.timedelta(days=1 + i % 9) if done else None,
                    completed_by=user if done else None,
                    **fields,
                )
            )

        # Cost reviews: the leaders and signatories of each project with an overview decide.
        for overview in self.overviews:
            done = overview.status != CostOverviewStatus.SENT
            for person_id in deciders.get(overview.project_id, []):
                add(
                    person_id, ActionKind.COST_REVIEW, done=done, i=len(action_objs),
                    project_id=overview.project_id, cost_overview=overview,
                    regarding=f"Projectaanvraag {overview.project.number}",
                )  # fmt: skip
        # The bench person's other actions: up to 30 open and 30 sent in all.
        # (The agreement signing actions of seed_agreements are in the database already.)
        signing = Action.objects.filter(person_id=bench_person.pk, completed_at__isnull=True)
        bench_open = signing.count() + sum(
            1 for a in action_objs if a.person_id == bench_person.pk and a.is_open
        )
        bench_sent = sum(1 for a in action_objs if a.person_id == bench_person.pk and not a.is_open)
        plan = [(bench_person.pk, False)] * max(0, 30 - bench_open) + [
            (bench_person.pk, True)
        ] * max(0, 30 - bench_sent)
        actions -= Action.objects.count()
        while len(action_objs) + len(plan) < actions:
            # Everybody else (the benchmark user has exactly 30 open and 30 sent).
            others = people[1:] or people
            plan.append((others[rng.randrange(len(others))].pk, rng.random() < 0.5))
        plan = plan[: max(0, actions - len(action_objs))]
        remote = {person.pk for person in people if person.pid_code}
        for index, (person_id, done) in enumerate(plan):
            kind = OTHER_KINDS[index % len(OTHER_KINDS)]
            if kind == ActionKind.AWARENESS_TEST and (
                person_id not in remote or done != (person_id in self.passed_by)
            ):
                # Only people with Remote Access take the test; sent means a passed attempt.
                kind = ActionKind.QUESTION
            i = len(action_objs)
            fields = {"regarding": "Microdata Services"}
            if kind == ActionKind.QUESTION and done:
                fields["response"] = "Dat klopt, zie de bijlage van het project."
            add(person_id, kind, done=done, i=i, **fields)
        self.actions = self.bulk(Action, action_objs)
        counts["actions"] = len(self.actions)

        # What the sent actions were about.
        document = self.placeholder("declarations")
        signatures, declarations, declared = [], [], []
        person_of = {person.pk: person for person in self.people}
        for action in self.actions:
            if action.is_open:
                continue
            person = person_of[action.person_id]
            if action.kind == ActionKind.USER_DECLARATION:
                signatures.append(
                    UserDeclarationSignature(
                        person=person, text_version=text, signed_at=action.completed_at,
                        signed_name=f"{person.first_name} {person.last_name}",
                        text_hash=text.text_hash,
                    )
                )  # fmt: skip
            elif action.kind == ActionKind.CONFIDENTIALITY:
                declarations.append(
                    ConfidentialityDeclaration(
                        person=person,
                        document=document,
                        uploaded_at=action.completed_at,
                        status=ConfidentialityStatus.SUBMITTED,
                    )
                )
                declared.append(action)
        counts["declaration signatures"] = len(self.bulk(UserDeclarationSignature, signatures))
        declarations = self.bulk(ConfidentialityDeclaration, declarations)
        for action, declaration in zip(declared, declarations, strict=True):
            action.declaration = declaration
        Action.objects.bulk_update(declared, ["declaration"], batch_size=BATCH)
        counts["confidentiality declarations"] = len(declarations)
        attachment = self.placeholder("action-attachments")
        questions = [a for a in self.actions if a.kind == ActionKind.QUESTION]
        counts["action attachments"] = len(
            self.bulk(
                ActionAttachment,
                [
                    ActionAttachment(action=action, document=attachment, name="Toelichting.pdf")
                    for action in questions[::5]
                ],
            )
        )
