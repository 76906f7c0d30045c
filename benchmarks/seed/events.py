"""The audit trail of what the data says happened."""

from benchmarks.seed.base import SeederBase
from portal.models import Event
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
