"""Scale data of Uitvoering: change requests and output checks (bulk inserts, deterministic).

Every project that ran (running, frozen, closure requested, closed) and has a leader gets an
extension of its end date asked by its leader (open on every third, approved on the others), and
an output check (open on every second, released on the others), so the change requests and
output checks pages and the CBS work queue have rows at scale.
"""

import datetime

from benchmarks.seed.base import PLACEHOLDER_PDF, SeederBase
from changes.models import ChangeRequest, ChangeStatus, OutputCheck, OutputStatus
from projects.models import Role, Status

PHASE_3 = {Status.RUNNING, Status.FROZEN, Status.CLOSURE_REQUESTED, Status.CLOSED}


class ChangesSeeder(SeederBase):
    def seed_changes(self, counts):
        leaders = {}
        for member in self.team:
            user = self.user_of.get(member.person_id)
            if member.role == Role.LEADER and user is not None:
                leaders.setdefault(member.project_id, user)
        running = [p for p in self.projects if p.status in PHASE_3 and p.pk in leaders]
        document = self.placeholder("output-checks")
        changes, checks = [], []
        for i, project in enumerate(running):
            leader = leaders[project.pk]
            asked = self.ago(20 + i % 200)
            open_change = i % 3 == 0
            new_end = project.end_date + datetime.timedelta(days=180)
            changes.append(
                ChangeRequest(
                    project=project,
                    kind="extend_end_date",
                    data={"end_date": new_end.isoformat()},
                    summary=new_end.strftime("%d-%m-%Y"),
                    explanation="Het onderzoek loopt langer door vertraging bij de analyse.",
                    status=ChangeStatus.SUBMITTED if open_change else ChangeStatus.APPROVED,
                    asked_by=leader,
                    asked_at=asked,
                    decided_at=None if open_change else asked + datetime.timedelta(days=3),
                    decided_by=None if open_change else self.staff,
                    applied_at=None if open_change else asked + datetime.timedelta(days=3),
                )
            )
            open_check = i % 2 == 0
            checks.append(
                OutputCheck(
                    project=project,
                    description="Tabellen voor het artikel over de resultaten.",
                    package_name=f"export-{project.number}-{i % 7 + 1}",
                    light=i % 5 == 0,
                    form_document=document,
                    form_name="Outputcontroleformulier.pdf",
                    content_type="application/pdf",
                    size=len(PLACEHOLDER_PDF),
                    status=OutputStatus.SUBMITTED if open_check else OutputStatus.RELEASED,
                    asked_by=leader,
                    asked_at=asked,
                    expected_answer_date=(asked + datetime.timedelta(days=6)).date(),
                    comments="" if open_check else "Vrijgegeven.",
                    decided_at=None if open_check else asked + datetime.timedelta(days=4),
                    decided_by=None if open_check else self.staff,
                )
            )
        counts["change requests"] = len(self.bulk(ChangeRequest, changes))
        counts["output checks"] = len(self.bulk(OutputCheck, checks))
