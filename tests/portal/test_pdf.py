"""portal.pdf: the one way to make a PDF, its static-only fetcher and the cache of cached_pdf."""

import io

import pypdf
import pytest
from django.core.cache import cache

from portal import pdf


def test_fetcher_loads_only_our_static_files(tmp_path):
    fetcher = pdf.static_fetcher()
    css = fetcher.fetch(pdf.STATIC_BASE + "requests_inbox/pdf.css")
    assert b"@page" in css.read()
    assert css.content_type == "text/css"
    secret = tmp_path / "secret.txt"
    secret.write_text("geheim")
    for url in (
        secret.as_uri(),
        "https://example.org/style.css",
        "http://127.0.0.1:8000/static/css/portal.css",
        "file:///etc/passwd",
        pdf.STATIC_BASE + "../../../etc/passwd",
        pdf.STATIC_BASE + "requests_inbox/../../portal/settings.py",
        pdf.STATIC_BASE + "does/not/exist.css",
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def _text(content: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_cached_pdf_is_kept_by_its_content():
    cache.clear()
    css = ("projects/projectkaart.css",)
    html = "<p>Projectkaart 12345</p>"
    first = pdf.cached_pdf(html, stylesheets=css)
    assert "Projectkaart 12345" in _text(first)
    assert cache.get(pdf.cached_pdf_key(html, css)) == first
    assert pdf.cached_pdf(html, stylesheets=css) == first
    other_html = "<p>Projectkaart 67890</p>"
    other = pdf.cached_pdf(other_html, stylesheets=css)
    assert "Projectkaart 67890" in _text(other)
    assert cache.get(pdf.cached_pdf_key(other_html, css)) == other
    # Every part of what it is made of is in the key.
    keys = {
        pdf.cached_pdf_key(html, css),
        pdf.cached_pdf_key(other_html, css),
        pdf.cached_pdf_key(html),
        pdf.cached_pdf_key(html, ("requests_inbox/pdf.css",)),
    }
    assert len(keys) == 4
