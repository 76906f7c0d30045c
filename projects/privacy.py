"""What projects holds about people (the register of personal data, ``portal.privacy``): the
team, the bijlagen's text, the uploaded documents, publications. All of it goes at the end of
the project's archive period (``projects.services_closure.archive_remove``)."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import Export, Kind, Removal, register, rows
from projects.models import (
    Bijlage,
    BijlageVersion,
    Project,
    ProjectFile,
    ProjectFileDocument,
    ProjectService,
    Publication,
    TeamMember,
)

AT_ARCHIVE_END = _(
    "Kept while the project runs and during its archive period (%(period)s years after closing "
    "unless CBS set another); removed at its end."
)


def _team_archive_end(project) -> Removal:
    from projects.services import team_changed

    team = TeamMember.objects.filter(project=project)
    person_ids = list(team.values_list("person_id", flat=True))
    count = team.delete()[0]
    if person_ids:
        team_changed.send(sender=Project, project=project, person_ids=person_ids)
    return Removal(count)


def _team_holds(person) -> str:
    kept = TeamMember.objects.filter(person=person, project__archive_removed_at__isnull=True)
    return "projects" if kept.exists() else ""


def _team_export(person) -> Export:
    return Export(
        rows(
            TeamMember.objects.filter(person=person).order_by("start_date", "pk"),
            "project__number",
            "project__title",
            "role",
            "start_date",
            "end_date",
            "function",
            "ossc_access",
        )  # fmt: skip
    )


register(
    Kind(
        key="team",
        models=("projects.TeamMember",),
        what=_("Your memberships of project teams: role, period, function"),
        purpose=_("Deciding who may see and do what in a project, and who gets Remote Access"),
        retention=AT_ARCHIVE_END,
        period="ARCHIVE_YEARS",
        recipients=_("The project's team and the account manager of its institution"),
        kept=_("The project's number, title and status."),
        order=100,
        archive_end=_team_archive_end,
        holds=_team_holds,
        export=_team_export,
    )
)


def _bijlagen_archive_end(project) -> Removal:
    from projects.card import forget_cards

    count = Bijlage.objects.filter(project=project).exclude(sections={}).update(sections={})
    forget_cards([project.pk])  # written in bulk: no post_save
    count += BijlageVersion.objects.filter(project=project).delete()[0]
    return Removal(count)


register(
    Kind(
        key="bijlagen",
        models=("projects.Bijlage", "projects.BijlageVersion"),
        what=_("The research proposal, publication plan and legal basis (Bijlage 1 to 3)"),
        purpose=_("CBS's assessment of the project"),
        retention=AT_ARCHIVE_END,
        period="ARCHIVE_YEARS",
        recipients=_("The project's team"),
        order=110,
        archive_end=_bijlagen_archive_end,
    )
)


def _files_archive_end(project) -> Removal:
    from projects.card import forget_cards

    documents = ProjectFileDocument.objects.filter(project_file__project=project)
    files = [d.document for d in documents.only("document")]
    count = documents.delete()[0]
    count += (
        ProjectFile.objects.filter(project=project)
        .exclude(explanation="", preparation_reason="")
        .update(explanation="", preparation_reason="")
    )
    count += (
        ProjectService.objects.filter(project=project)
        .exclude(explanation="")
        .update(explanation="")
    )
    forget_cards([project.pk])  # written in bulk: no post_save
    return Removal(count, files)


register(
    Kind(
        key="project_files",
        models=("projects.ProjectFile", "projects.ProjectFileDocument", "projects.ProjectService"),
        what=_("Documents uploaded to a project, and the explanations of its files and services"),
        purpose=_("Preparing the data and services the project asked for"),
        retention=AT_ARCHIVE_END,
        period="ARCHIVE_YEARS",
        recipients=_("The project's team"),
        kept=_("Which data files and services the project used."),
        order=120,
        archive_end=_files_archive_end,
    )
)


def _publications_archive_end(project) -> Removal:
    return Removal(Publication.objects.filter(project=project).delete()[0])


register(
    Kind(
        key="publications",
        models=("projects.Publication",),
        what=_("Publications registered on a project: title, authors, link"),
        purpose=_("CBS checks that results are published as planned"),
        retention=AT_ARCHIVE_END,
        period="ARCHIVE_YEARS",
        recipients=_("The project's team"),
        order=130,
        archive_end=_publications_archive_end,
    )
)

register.no_personal_data(
    "projects.DataFile", "projects.Service", why="CBS's catalogue of data files and services."
)
register.no_personal_data(
    "projects.Project",
    why="The project itself: number, title, period, status (its people are its team).",
)
