"""Projects: catalogue and tariffs, projects with bijlagen, teams, files, services, publications."""

import datetime
from decimal import Decimal

from accounts.models import Person
from benchmarks.seed.base import (
    EDITABLE,
    PLACEHOLDER_PDF,
    PUBLISHING,
    TOPICS,
    SeederBase,
)
from projects.bijlagen import BIJLAGE_DEFINITIONS
from projects.models import (
    Bijlage,
    BijlageStatus,
    DataFile,
    FileKind,
    Project,
    ProjectFile,
    ProjectFileDocument,
    ProjectService,
    Publication,
    PublicationKind,
    Role,
    Service,
    Status,
    TeamMember,
)
from requests_inbox.models import (
    Tariff,
    TariffKind,
)


class ProjectSeeder(SeederBase):
    def seed_catalogue(self, counts):
        self.data_files = self.bulk(
            DataFile,
            [DataFile(code=f"B{50000 + i}", name=f"Schaalbestand {i}") for i in range(50)],
        )
        self.services = self.bulk(
            Service, [Service(code=f"D{50000 + i}", name=f"Schaaldienst {i}") for i in range(20)]
        )
        tariffs = [
            Tariff(description="Schaal: opstarten nieuw project", kind=TariffKind.STARTUP,
                   unit_price=Decimal("1850.00")),
            Tariff(description="Schaal: per bestand", kind=TariffKind.FILE,
                   unit_price=Decimal("450.00")),
            Tariff(description="Schaal: per onderzoeker", kind=TariffKind.RESEARCHER,
                   unit_price=Decimal("300.00")),
        ] + [
            Tariff(description=f"Schaal: {service.name}", kind=TariffKind.SERVICE,
                   unit_price=Decimal("250.00"), service=service)
            for service in self.services
        ]  # fmt: skip
        counts["tariffs"] = len(self.bulk(Tariff, tariffs))

    def seed_projects(self, counts, projects, members, files):
        rng, today = self.rng, self.today
        people, bench_person = self.people, self.bench_person
        insts = self.institutions
        statuses = list(Status.values)
        bench_inst = bench_person.institution_id
        project_objs = []
        bench_led = 0
        for i in range(projects):
            start = today - datetime.timedelta(days=rng.randint(0, 1500))
            institution = insts[i % len(insts)]
            status = rng.choice(statuses)
            if institution.pk == bench_inst and bench_led < 40:
                # The benchmark user's first ten projects await their cost approval, the next
                # three their agreement's signature, three more run (for those phases' pages).
                if bench_led < 10:
                    status = Status.COSTS_SENT
                elif bench_led < 16:
                    status = Status.AGREEMENT if bench_led < 13 else Status.RUNNING
                bench_led += 1
            project_objs.append(
                Project(
                    number=100_000 + i,
                    title=f"Onderzoek naar {rng.choice(TOPICS)} {i}",
                    start_date=start,
                    end_date=start + datetime.timedelta(days=rng.randint(365, 1500)),
                    status=status,
                    status_since=self.now - datetime.timedelta(hours=rng.randint(1, 60 * 24)),
                    institution=institution,
                    reference_number=f"IO {i:05d}",
                    cbs_contact=self.staff,
                    created_by=self.user_of.get(people[i % len(people)].pk),
                )
            )
        self.projects = project_objs = self.bulk(Project, project_objs)
        counts["projects"] = len(project_objs)

        bijlagen = []
        for project in project_objs:
            for kind, definition in BIJLAGE_DEFINITIONS.items():
                status = (
                    rng.choice(BijlageStatus.values)
                    if project.status in EDITABLE
                    else BijlageStatus.FINAL
                )
                sections = (
                    {}
                    if status == BijlageStatus.TO_FILL
                    else {
                        section.key: f"<p>{section.key.capitalize()} van project "
                        f"{project.number}.</p>"
                        for section in definition.sections
                    }
                )
                bijlagen.append(
                    Bijlage(project=project, kind=kind, status=status, sections=sections)
                )
        counts["bijlagen"] = len(self.bulk(Bijlage, bijlagen))

        # Team: the persons of the project's own institution; the bench person leads 40 projects
        # and is a researcher on 20 more (all at their institution, so their pages are full).
        by_institution: dict[int, list[Person]] = {}
        for person in people:
            by_institution.setdefault(person.institution_id, []).append(person)
        team, seen = [], set()

        def add(project, person, role, end_date=None):
            if (project.pk, person.pk) in seen:
                return
            seen.add((project.pk, person.pk))
            team.append(
                TeamMember(
                    project=project,
                    person=person,
                    role=role,
                    start_date=project.start_date,
                    end_date=end_date,
                )
            )

        self.bench_projects = [p for p in project_objs if p.institution_id == bench_inst]
        for index, project in enumerate(self.bench_projects[:60]):
            add(project, bench_person, Role.LEADER if index < 40 else Role.RESEARCHER)
        roles = [Role.LEADER, Role.SIGNATORY, Role.RESEARCHER_PLUS, Role.RESEARCHER, Role.VIEWER]
        per_project = max(1, members // max(1, len(project_objs)))
        for project in project_objs:
            candidates = by_institution[project.institution_id]
            for slot in range(per_project):
                # Some left the team already (an end date in the past); most are on it.
                ended = project.start_date + datetime.timedelta(days=30) if slot == 4 else None
                add(project, rng.choice(candidates), roles[slot % len(roles)], ended)
        while len(team) < members:
            project = rng.choice(project_objs)
            add(project, rng.choice(by_institution[project.institution_id]), Role.RESEARCHER)
        self.team = self.bulk(TeamMember, team)
        counts["team memberships"] = len(self.team)

        project_files = self.bulk(
            ProjectFile,
            [
                ProjectFile(
                    project=project_objs[i % len(project_objs)],
                    kind=FileKind.STANDARD if i % 10 else FileKind.CUSTOM,
                    data_file=rng.choice(self.data_files) if i % 10 else None,
                    explanation="<p>Nodig voor de analyse.</p>",
                )
                for i in range(files)
            ],
        )
        counts["project files"] = len(project_files)
        document = self.placeholder("project-files")
        counts["project file documents"] = len(
            self.bulk(
                ProjectFileDocument,
                [
                    ProjectFileDocument(
                        project_file=item,
                        document=document,
                        original_name=f"Beschrijving eigen bestand {item.pk}.pdf",
                        content_type="application/pdf",
                        size=len(PLACEHOLDER_PDF),
                    )
                    for item in project_files
                    if item.kind == FileKind.CUSTOM
                ],
            )
        )
        counts["project services"] = len(
            self.bulk(
                ProjectService,
                [
                    ProjectService(
                        project=project,
                        service=self.services[i % len(self.services)],
                        explanation="<p>Ondersteuning bij de analyse.</p>",
                    )
                    for i, project in enumerate(project_objs)
                    if i % 3 == 0
                ],
            )
        )
        counts["publications"] = len(
            self.bulk(
                Publication,
                [
                    Publication(
                        project=project,
                        title=f"Resultaten over {project.title.lower()}",
                        authors="Schaal, A. en Bakker, B.",
                        year=project.end_date.year,
                        kind=rng.choice(PublicationKind.values),
                        expected_date=project.end_date,
                        actual_date=project.end_date if project.status == Status.CLOSED else None,
                    )
                    for project in project_objs
                    if project.status in PUBLISHING
                ],
            )
        )
        self.seed_cost_overviews(counts)
        self.seed_agreements(counts)
