"""PDFs made with WeasyPrint: Bijlage 4 Kostenoverzicht and the blank forms of actions.

WeasyPrint loads stylesheets and images through ``StaticOnlyFetcher``: only our own static files
(looked up by Django's staticfiles finders), never the network or other local files. Fonts come
from the system (DejaVu Sans, installed with fontconfig), so nothing is fetched at all.
"""

import mimetypes
from decimal import Decimal
from pathlib import Path
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# A made-up file location: relative URLs in the templates resolve under it, and the fetcher
# maps it onto the static files. Anything else is refused.
STATIC_BASE = "file:///__portal_static__/"
PDF_LANGUAGE = "nl"  # The documents CBS sends are Dutch (the language of the agreement).


class ForbiddenResource(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves ``file:///__portal_static__/<path>`` from the static files; refuses the rest."""

    def __init__(self):
        super().__init__(allowed_protocols=["file"], allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_BASE):
            raise ForbiddenResource(f"Not one of our static files: {url}")
        relative = unquote(url[len(STATIC_BASE) :].split("?")[0].split("#")[0])
        if not relative or ".." in Path(relative).parts or relative.startswith("/"):
            raise ForbiddenResource(f"Not one of our static files: {url}")
        found = finders.find(relative)
        if not found:
            raise ForbiddenResource(f"No such static file: {url}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        body = Path(found).read_bytes()
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(template: str, context: dict, *, language: str = PDF_LANGUAGE) -> bytes:
    with translation.override(language):
        html = render_to_string(template, context)
        document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=StaticOnlyFetcher())
        return document.write_pdf()


def cost_overview_pdf(overview) -> bytes:
    lines = list(overview.lines.all())
    return render_pdf(
        "requests_inbox/pdf/cost_overview.html",
        {
            "overview": overview,
            "project": overview.project,
            "lines": lines,
            "total": sum((line.amount for line in lines), Decimal("0.00")),
        },
    )


def blank_form_pdf(action) -> bytes:
    template = {
        "confidentiality": "requests_inbox/pdf/confidentiality_form.html",
        "new_contact_person": "requests_inbox/pdf/contact_person_form.html",
    }[action.kind]
    return render_pdf(template, {"action": action, "person": action.person}, language="nl")
