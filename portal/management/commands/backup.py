"""Back up the database and the documents, as they were at one moment, into one folder:
``manage.py backup /backups/2026-11-30 [--encrypt-to backup@cbs.nl]``.

- One moment for both: a read-only transaction exports its snapshot, ``pg_dump`` dumps exactly
  that snapshot, and the documents copied are the ones that snapshot refers to (every file
  field of every model, read in the same transaction). A document uploaded later is in neither;
  one removed since the snapshot is reported and the backup fails rather than be incomplete.
- ``database.dump``: ``pg_dump --format=custom`` (the ``pg_dump`` on PATH; the server's major
  version or newer). ``documents/``: each document under its stored name, read through the
  documents storage (a folder or S3, whichever DOCUMENTS_STORAGE_BACKEND says).
- ``SHA256SUMS``: the checksum of the dump and of every document (``sha256sum -c`` reads it);
  ``manage.py restore`` checks them before and after it restores.
- ``--encrypt-to RECIPIENT``: the folder packed and encrypted with GnuPG to that public key
  (``<folder>.tar.gpg``), the plain folder removed. Only the holder of the private key, kept away
  from the servers, can read it; ``manage.py restore`` decrypts it with that key.
"""

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction


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


def referenced_files() -> set[str]:
    """The names every file field of every model holds (in the current transaction)."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.concrete:
                values = model._base_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                names.update(value for value in values if value)
    return names


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in iter(lambda: source.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Back up the database (pg_dump) and its documents, at one moment, into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder that does not exist yet")
        parser.add_argument(
            "--encrypt-to", metavar="RECIPIENT", help="GnuPG public key to encrypt the backup to"
        )

    def handle(self, *, folder: Path, encrypt_to: str | None, verbosity: int, **options):
        if folder.exists() and any(folder.iterdir()):
            raise CommandError(f"{folder} is not empty; back up into a new folder.")
        (folder / "documents").mkdir(parents=True, exist_ok=True)
        environment = libpq_environment()
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                (snapshot,) = cursor.fetchone()
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",  # noqa: S607
                 f"--file={folder / 'database.dump'}"],
                env=environment, check=True,
            )  # fmt: skip
            names = sorted(referenced_files())
        missing = []
        for name in names:
            target = folder / "documents" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with default_storage.open(name, "rb") as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)
            except FileNotFoundError:
                missing.append(name)
        if missing:
            raise CommandError(f"Documents gone since the snapshot: {', '.join(missing[:10])}.")
        sums = [f"{sha256(folder / 'database.dump')}  database.dump"]
        sums += [f"{sha256(folder / 'documents' / name)}  documents/{name}" for name in names]
        (folder / "SHA256SUMS").write_text("\n".join(sums) + "\n")
        if encrypt_to:
            folder = encrypt(folder, encrypt_to)
        if verbosity:
            self.stdout.write(f"Backed up the database and {len(names)} documents into {folder}.")


def encrypt(folder: Path, recipient: str) -> Path:
    target = folder.with_name(folder.name + ".tar.gpg")
    tar = subprocess.Popen(["tar", "-C", str(folder), "-c", "."], stdout=subprocess.PIPE)  # noqa: S603, S607
    subprocess.run(  # noqa: S603 - fixed arguments, no shell
        ["gpg", "--batch", "--yes", "--trust-model", "always", "--encrypt",  # noqa: S607
         "--recipient", recipient, "--output", str(target)],
        stdin=tar.stdout, check=True,
    )  # fmt: skip
    tar.stdout.close()
    if tar.wait():
        raise CommandError("tar failed while packing the backup.")
    shutil.rmtree(folder)
    return target
