"""Back up the database and the documents into one folder: ``manage.py backup /backups/2026-11-30``.

- ``database.dump``: ``pg_dump --format=custom`` of the portal's PostgreSQL database (the
  ``pg_dump`` on PATH; use the server's major version or newer).
- ``documents/``: every stored document, under its stored name, read through the documents
  storage (a folder or S3, whichever DOCUMENTS_STORAGE_BACKEND says).

``manage.py restore`` puts both back into an empty database and an empty storage.
"""

import os
import subprocess
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def libpq_environment() -> dict[str, str]:
    """The connection settings of the default database as libpq's PG* variables."""
    if connection.vendor != "postgresql":
        raise CommandError("Backup and restore work on PostgreSQL (DATABASE_URL=postgres://…).")
    db = connection.settings_dict
    values = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": db.get("NAME") or "",
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def stored_files(path: str = ""):
    """Every file name in the documents storage, depth first."""
    directories, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from stored_files(f"{path}/{directory}" if path else directory)


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and every stored document into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder that does not exist yet")

    def handle(self, *, folder: Path, verbosity: int, **options):
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty; back up into a new folder.")
        (folder / "documents").mkdir(parents=True, exist_ok=True)
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["pg_dump", "--format=custom", "--no-owner", f"--file={folder / 'database.dump'}"],  # noqa: S607
            env=libpq_environment(),
            check=True,
        )
        count = 0
        for name in stored_files():
            target = folder / "documents" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, open(target, "wb") as out:
                for chunk in iter(lambda: source.read(1024 * 1024), b""):
                    out.write(chunk)
            count += 1
        if verbosity:
            self.stdout.write(f"Backed up the database and {count} documents into {folder}.")
