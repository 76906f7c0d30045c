"""portal.pdf: the one way to make a PDF, and its static-only fetcher."""

import io

import pypdf
import pytest

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


def test_html_to_pdf_with_a_static_stylesheet():
    made = pdf.html_to_pdf("<p>Projectkaart 12345</p>", stylesheets=("projects/projectkaart.css",))
    assert "Projectkaart 12345" in _text(made)
