"""Restore a backup made by ``manage.py backup`` into an EMPTY database and an EMPTY storage:
``manage.py restore /backups/2026-11-30`` (or ``…/2026-11-30.tar.gpg``, decrypted with the
private key in GnuPG's keyring), with DATABASE_URL and the storage settings of the target.

The restore drill: every checksum of ``SHA256SUMS`` is checked before anything is restored
(``--check`` stops there), and every document is read back from the storage after it is stored
and compared with its checksum. Refuses a database that has tables or a storage that has files:
it never overwrites.
"""

import hashlib
import subprocess
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.management.commands.backup import libpq_environment, sha256, stored_files


def checksums(folder: Path) -> dict[str, str]:
    sums = folder / "SHA256SUMS"
    if not sums.is_file():
        raise CommandError(f"{sums} not found: is {folder} a backup?")
    pairs = (line.split("  ", 1) for line in sums.read_text().splitlines() if line)
    return {name: digest for digest, name in pairs}


def verify(folder: Path, expected: dict[str, str]) -> None:
    listed = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    if extra := listed - set(expected) - {"SHA256SUMS"}:
        raise CommandError(f"Files not in SHA256SUMS: {', '.join(sorted(extra)[:10])}.")
    for name, digest in expected.items():
        path = folder / name
        if not path.is_file() or sha256(path) != digest:
            raise CommandError(f"{name} is missing or damaged (its checksum differs).")


class Command(BaseCommand):
    help = "Check a backup's checksums and restore it into an empty database and storage."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="a folder or .tar.gpg made by backup")
        parser.add_argument("--check", action="store_true", help="only check the checksums")

    def handle(self, *, backup: Path, check: bool, verbosity: int, **options):
        with tempfile.TemporaryDirectory(prefix="restore-") as scratch:
            folder = decrypt(backup, Path(scratch)) if backup.name.endswith(".gpg") else backup
            expected = checksums(folder)
            verify(folder, expected)
            if check:
                self.stdout.write(f"{len(expected)} checksums of {backup} are right.")
                return
            count = self.restore(folder, expected)
        if verbosity:
            self.stdout.write(
                f"Restored the database and {count} documents from {backup}; "
                f"{len(expected)} checksums verified."
            )

    def restore(self, folder: Path, expected: dict[str, str]) -> int:
        environment = libpq_environment()
        if connection.introspection.table_names():
            raise CommandError("The database is not empty; restore into an empty database.")
        if next(stored_files(), None) is not None:
            raise CommandError("The documents storage is not empty; restore into an empty one.")
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={environment['PGDATABASE']}",  # noqa: S607
             str(folder / "database.dump")],
            env=environment,
            check=True,
        )  # fmt: skip
        count = 0
        documents = folder / "documents"
        for path in sorted(p for p in documents.rglob("*") if p.is_file()):
            name = path.relative_to(documents).as_posix()
            with open(path, "rb") as source:
                saved = default_storage.save(name, File(source))
            if saved != name:
                raise CommandError(f"{name} was stored as {saved}: the storage was not empty.")
            digest = hashlib.sha256()
            with default_storage.open(name, "rb") as stored:
                for chunk in iter(lambda s=stored: s.read(1024 * 1024), b""):
                    digest.update(chunk)
            if digest.hexdigest() != expected[f"documents/{name}"]:
                raise CommandError(f"{name} reads back differently from the storage.")
            count += 1
        return count


def decrypt(backup: Path, scratch: Path) -> Path:
    gpg = subprocess.Popen(  # noqa: S603 - fixed arguments, no shell
        ["gpg", "--batch", "--decrypt", str(backup)], stdout=subprocess.PIPE  # noqa: S607
    )  # fmt: skip
    subprocess.run(["tar", "-C", str(scratch), "-x"], stdin=gpg.stdout, check=True)  # noqa: S603, S607
    gpg.stdout.close()
    if gpg.wait():
        raise CommandError(f"{backup} could not be decrypted (is its private key here?).")
    return scratch
