""" "Mijn gegevens downloaden" (AVG articles 15 and 20): a ZIP with everything the portal holds
about the signed-in person, as JSON (``gegevens.json``) and as a readable page
(``gegevens.html``), with the documents themselves. Each app says what it holds about a person
in the register of personal data (``portal.privacy``, the kinds' ``export``); this module only
collects and packs it, streaming the documents from the storage (file system or S3).
"""

import json
import zipfile
from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.privacy import register

CHUNK = 64 * 1024


def collect(person) -> list[dict]:
    """What each kind of the register holds about the person: its description and rows, and
    the names in the ZIP of its documents (``files``: (name, FieldFile))."""
    found, seen = [], set()
    for kind, export in register.export(person):
        found.append(
            {
                "key": kind.key,
                "what": str(kind.what),
                "purpose": str(kind.purpose),
                "retention": kind.retention_text(),
                "rows": export.rows,
                "files": [
                    (_unique(_safe(name), seen), stored) for name, stored in export.files if stored
                ],
            }
        )
    return found


def _unique(name: str, seen: set) -> str:
    stem, dot, extension = name.rpartition(".")
    candidate, number = name, 1
    while candidate in seen:
        number += 1
        candidate = f"{stem}-{number}.{extension}" if dot else f"{name}-{number}"
    seen.add(candidate)
    return candidate


def _safe(name: str) -> str:
    """A name inside the ZIP: folders as we made them, no way out of the archive."""
    folder, _slash, base = name.rpartition("/")
    base = base.replace("\\", "_").lstrip(".") or "document"
    return f"{folder}/{base}" if folder else base


def document(person, found: list[dict]) -> dict:
    return {
        "generated_at": timezone.localtime().isoformat(),
        "person": person.full_name,
        "kinds": [
            {
                "key": kind["key"],
                "what": kind["what"],
                "purpose": kind["purpose"],
                "retention": kind["retention"],
                "rows": kind["rows"],
                "documents": [name for name, _file in kind["files"]],
            }
            for kind in found
        ],
    }


def _label(key: str) -> str:
    """A row's key as a heading: "project__number" → "project number"."""
    return key.replace("__", " ").replace("_", " ")


class _Sink:
    """A write-only stream the ZIP writes to; what it wrote is taken in chunks."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def zip_stream(person, language: str) -> Iterator[bytes]:
    """The ZIP, written as it is sent: the JSON and the HTML first, then each document read
    from the storage in chunks."""
    with translation.override(language):
        found = collect(person)
        data = document(person, found)
        readable = [
            {
                **kind,
                "entries": [
                    [(_label(key), value) for key, value in row.items()] for row in kind["rows"]
                ],
            }
            for kind in found
        ]
        html = render_to_string(
            "accounts/personal_data_export.html", {"data": data, "kinds": readable}
        )
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=2))
        archive.writestr("gegevens.html", html)
        yield sink.take()
        for kind in found:
            for name, stored in kind["files"]:
                try:
                    source = stored.storage.open(stored.name, "rb")
                except OSError:  # listed in the JSON, but no longer in the storage
                    continue
                with source, archive.open(name, "w") as target:
                    while chunk := source.read(CHUNK):
                        target.write(chunk)
                        yield sink.take()
    yield sink.take()
    yield sink.take()
