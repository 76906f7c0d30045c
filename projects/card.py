"""The Projectkaart: a PDF of the whole project, made with WeasyPrint.

WeasyPrint may load nothing but our own static files: the URL fetcher refuses every other URL
(no network, no arbitrary local files), so text typed by users cannot make the server fetch.
"""

import functools
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from projects.models import Project, ProjectFile, ProjectService, TeamMember

CARD_CSS = "projects/projectkaart.css"


class StaticOnlyFetcher(URLFetcher):
    """Fetches file:// URLs inside our static directories; refuses everything else."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme != "file":
            raise ValueError(f"Refused to fetch {url!r}: only our own static files.")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in static_roots()):
            raise ValueError(f"Refused to fetch {url!r}: outside the static files.")
        return super().fetch(url, headers)


def static_roots() -> list[Path]:
    roots = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location).resolve())
    return roots


@functools.cache
def card_stylesheet() -> CSS:
    """The card's stylesheet, parsed once per process (WeasyPrint reuses a parsed CSS for
    every document; parsing it was a fixed part of each card's time)."""
    fetcher = StaticOnlyFetcher(allow_redirects=False)
    return CSS(filename=finders.find(CARD_CSS), url_fetcher=fetcher)


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


def render_project_card(project: Project, *, request=None) -> bytes:
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
    fetcher = StaticOnlyFetcher(allow_redirects=False)
    roots = static_roots()
    base = roots[0].as_uri() + "/" if roots else None
    document = HTML(string=html, base_url=base, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[card_stylesheet()])
