"""The audit trail of what the data says happened."""

import datetime

from benchmarks.seed.base import SeederBase
from portal.models import (
    CbsDigest,
    Event,
    OutgoingMail,
    ReminderRun,
    SentReminder,
    ServiceLevel,
    WorkSummary,
)
from projects.models import Status
from requests_inbox.models import CostOverviewStatus


class EventSeeder(SeederBase):
    def seed_events(self, counts):
        """The audit trail of what the data says happened: each project's creation and its
        current status, each sent cost overview."""
        events = []
        for project in self.projects:
            events.append(
                Event(
                    verb="project.create", target_type="projects.project",
                    target_id=str(project.pk), target_repr=str(project)[:300],
                    to_state=Status.ORIENTATION, project=project,
                    description="Project aangemaakt",
                )
            )  # fmt: skip
            if project.status != Status.ORIENTATION:
                events.append(
                    Event(
                        actor=self.staff, actor_name=self.staff.email, verb="project.status",
                        target_type="projects.project", target_id=str(project.pk),
                        target_repr=str(project)[:300], from_state=Status.ORIENTATION,
                        to_state=project.status, project=project,
                        description="Status gewijzigd",
                    )
                )  # fmt: skip
        for overview in self.overviews:
            events.append(
                Event(
                    actor=self.staff, actor_name=self.staff.email, verb="cost_overview.send",
                    target_type="requests_inbox.costoverview", target_id=str(overview.pk),
                    target_repr=f"Bijlage 4 Kostenoverzicht – {overview.project}"[:300],
                    from_state=CostOverviewStatus.DRAFT, to_state=CostOverviewStatus.SENT,
                    project=overview.project,
                )
            )  # fmt: skip
        counts["events"] = len(self.bulk(Event, events))

    def seed_reminders(self, counts):
        """What the daily reminders and the CBS digest have sent so far: a reminder for every
        tenth person's RSA token, a digest mail for every hundredth project."""
        reminders = [
            SentReminder(
                kind="rsa_token", thing=f"rsa_token:{person.pk}:scale", moment=30,
                person=person, what="RSA-token", due_date=self.today,
            )
            for person in self.people[::10]
        ]  # fmt: skip
        counts["sent reminders"] = len(self.bulk(SentReminder, reminders))
        self.bulk(ReminderRun, [ReminderRun(kind="rsa_token", ran_at=self.now)])
        digests = [
            CbsDigest(recipient=self.staff.email, last_event_id=0, event_count=3)
            for _ in range(max(1, len(self.projects) // 100))
        ]
        counts["digest mails"] = len(self.bulk(CbsDigest, digests))
        # The back office: CBS set one service level of its own; the staff member's weekly mail
        # of open work went out for the last four weeks.
        self.bulk(ServiceLevel, [ServiceLevel(kind="output_check", working_days=3)])
        weeks = [self.today - datetime.timedelta(weeks=n) for n in range(1, 5)]
        summaries = [
            WorkSummary(
                recipient=self.staff,
                week=f"{day.isocalendar().year}-W{day.isocalendar().week:02d}",
                item_count=12,
            )
            for day in weeks
        ]
        counts["work summaries"] = len(self.bulk(WorkSummary, summaries))

    def seed_mail(self, counts):
        """The mail outbox: a sent status mail per project (the outbox keeps them)."""
        sent = self.ago(1)
        mails = [
            OutgoingMail(
                to=[f"project{project.number}@schaal.example.nl"],
                subject=f"Project {project.number}: status gewijzigd",
                text="Beste onderzoeker,", message_id=f"<schaal-{project.number}@cbs.nl>",
                state=OutgoingMail.State.SENT, attempts=1, sent_at=sent,
            )
            for project in self.projects
        ]  # fmt: skip
        counts["mails"] = len(self.bulk(OutgoingMail, mails))
