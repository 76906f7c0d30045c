"""Phase 3: change requests and output checks of running projects."""

import datetime

from benchmarks.seed.base import SeederBase
from changes.models import ChangeRequest, ChangeStatus, OutputCheck, OutputStatus
from projects.models import Status

RUNNING = {Status.RUNNING, Status.FROZEN, Status.CLOSURE_REQUESTED, Status.CLOSED}


class ChangesSeeder(SeederBase):
    def seed_changes(self, counts):
        """A change request and an output check for each project that ran."""
        rng, form = self.rng, self.placeholder("output-checks")
        changes, checks = [], []
        for project in self.projects:
            if project.status not in RUNNING:
                continue
            end = project.end_date + datetime.timedelta(days=rng.randint(30, 365))
            changes.append(
                ChangeRequest(
                    project=project,
                    kind="extend_end_date",
                    data={"end_date": end.isoformat()},
                    summary=end.strftime("%d-%m-%Y"),
                    explanation="Meer tijd nodig voor de analyses.",
                    status=rng.choice(ChangeStatus.values),
                )
            )
            checks.append(
                OutputCheck(
                    project=project,
                    description="Tabellen van het werkdocument.",
                    package_name=f"export-{project.number}",
                    light=rng.random() < 0.3,
                    form_document=form,
                    form_name="Outputcontroleformulier.pdf",
                    content_type="application/pdf",
                    size=1024,
                    status=rng.choice(OutputStatus.values),
                    expected_answer_date=self.today + datetime.timedelta(days=rng.randint(-5, 5)),
                )
            )
        counts["change requests"] = len(self.bulk(ChangeRequest, changes))
        counts["output checks"] = len(self.bulk(OutputCheck, checks))
