"""Valid HTML: the W3C checker (the Nu Html Checker, ``vnu.jar`` from the npm package vnu-jar,
run with Java) finds no error on any page of the translation walk.

The pages are those ``test_translations`` renders: every route of the URL walk's discovery with
the demo data's people (a visitor, Piet, Gerro, Patricia, Jan of CBS), each asked with GET and,
where it shows a form posting to itself, with an empty POST (the page with its error messages),
and the invitation page. The walk's test there renders each page once for both gates and gives
them all to one run of the checker (it takes many files), so the gate costs one Java start.
Nothing is filtered: an error in a template of ours, Django's or allauth's as we render it fails.

``npm ci`` installs the checker (``package.json``); ``VNU_JAR`` points elsewhere. Without Java
or the jar the test is skipped with how to install them, unless ``REQUIRE_VNU=1`` (CI), where
that is a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get("VNU_JAR", ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"))


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return [java, "-Xss8m", "-jar", str(VNU_JAR)]
    missing = "java" if not java else str(VNU_JAR)
    message = (
        f"The W3C HTML checker cannot run: {missing} is missing. Install Java "
        "(apt-get install default-jre-headless) and the checker (npm ci, from package.json)."
    )
    if os.environ.get("REQUIRE_VNU") == "1":
        pytest.fail("REQUIRE_VNU=1 but " + message)
    pytest.skip(message)


def vnu_available() -> bool:
    """Whether the checker runs here; a failure when it does not and ``REQUIRE_VNU=1`` (CI)."""
    try:
        vnu_command()
    except pytest.skip.Exception:
        return False
    return True


def vnu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """{page label: [error, ...]} of one checker run over all ``pages`` ({label: html})."""
    command = vnu_command()
    files = {}
    for number, (label, html) in enumerate(pages.items()):
        path = folder / f"page{number:04}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = label
    result = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--exit-zero-always"]
        + [str(folder / name) for name in files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    report = json.loads(result.stderr or result.stdout)
    found: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "?")
        label = files.get(url.rsplit("/", 1)[-1], url)
        where = f"line {message.get('lastLine', '?')}"
        extract = " ".join(message.get("extract", "").split())[:160]
        found.setdefault(label, []).append(f"{where}: {message['message']}  «{extract}»")
    return found


def test_the_checker_finds_a_p_around_a_list(tmp_path):
    """The gate can fail: a list inside a paragraph is an error."""
    page = (
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>'
        "<body><p>Regels<ul><li>12 tekens</li></ul></p></body></html>"
    )
    good = page.replace("<p>Regels<ul>", "<div>Regels<ul>").replace("</ul></p>", "</ul></div>")
    errors = vnu_errors({"bad": page, "good": good}, tmp_path)
    assert "bad" in errors and "good" not in errors


def test_the_checker_is_there():
    """Says (skipped, or failed with ``REQUIRE_VNU=1``) when the walk's pages go unchecked."""
    vnu_command()
