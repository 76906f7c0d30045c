"""The Projectkaart: a PDF of the whole project, made by portal.pdf (WeasyPrint with the
static-only fetcher: text typed by users cannot make the server fetch anything).

It is made on request from the project as it is now, and kept in the cache under the hash of its
HTML (``portal.pdf.cached_pdf``): downloading it again while nothing changed skips WeasyPrint's
layout, and any change to what the card shows gives another key.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string

from portal.pdf import cached_pdf
from projects.models import Project, ProjectFile, ProjectService, TeamMember

CARD_CSS = "projects/projectkaart.css"


def card_project(project: Project) -> Project:
    return (
        Project.objects.select_related("institution", "cbs_contact__person")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=TeamMember.objects.select_related("person__institution").order_by(
                    "person__last_name", "pk"
                ),
            ),
            "bijlagen",
            Prefetch("files", queryset=ProjectFile.objects.select_related("data_file")),
            Prefetch("services", queryset=ProjectService.objects.select_related("service")),
            "publications",
        )
        .get(pk=project.pk)
    )


def render_project_card(project: Project) -> bytes:
    project = card_project(project)
    bijlagen = sorted(project.bijlagen.all(), key=lambda b: b.kind)
    html = render_to_string(
        "projects/card.html",
        {
            "project": project,
            "bijlagen": [
                {
                    "bijlage": bijlage,
                    "sections": [
                        (section.label, bijlage.sections.get(section.key, ""))
                        for section in bijlage.definition.sections
                    ],
                }
                for bijlage in bijlagen
            ],
        },
    )
    return cached_pdf(html, stylesheets=(CARD_CSS,))
