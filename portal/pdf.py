"""HTML to PDF with WeasyPrint: one fetcher and one way to write, for every PDF of the portal
(Bijlage 4 Kostenoverzicht, the blank forms of actions, the project agreement, the Projectkaart).

WeasyPrint loads stylesheets and images through ``StaticOnlyFetcher``: only our own static files
(looked up by Django's staticfiles finders), never the network or other local files, so text
typed by users cannot make the server fetch anything. Fonts come from the system (DejaVu Sans,
installed with fontconfig), so nothing is fetched at all.
"""

import functools
import mimetypes
from pathlib import Path
from urllib.parse import unquote

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
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


@functools.cache
def static_fetcher() -> StaticOnlyFetcher:
    """The fetcher, made once per process: WeasyPrint's URLFetcher loads the system's TLS
    certificates when it is made (about 20 ms, a sixth of a Projectkaart measured in-process),
    which a fetcher of local files never uses. It keeps no state between documents."""
    return StaticOnlyFetcher()


@functools.cache
def stylesheet(path: str) -> CSS:
    """A static stylesheet, parsed once per process (WeasyPrint reuses a parsed CSS for every
    document)."""
    return CSS(url=STATIC_BASE + path, url_fetcher=static_fetcher())


def html_to_pdf(html: str, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """The PDF of ``html``; relative URLs in it are static files (``STATIC_BASE``), and
    ``stylesheets`` are static paths applied beside its own."""
    document = HTML(string=html, base_url=STATIC_BASE, url_fetcher=static_fetcher())
    return document.write_pdf(stylesheets=[stylesheet(path) for path in stylesheets])


def render_pdf(template: str, context: dict, *, language: str = PDF_LANGUAGE) -> bytes:
    """The PDF of a template, rendered in ``language`` (Dutch: the documents CBS sends)."""
    with translation.override(language):
        return html_to_pdf(render_to_string(template, context))
