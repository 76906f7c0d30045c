"""Restore a backup made by ``manage.py backup`` into an EMPTY database and an EMPTY storage:
``manage.py restore /backups/2026-11-30`` (with DATABASE_URL and the storage settings of the
target). Refuses a database that has tables or a storage that has files: it never overwrites.
"""

import subprocess
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from portal.management.commands.backup import libpq_environment, stored_files


class Command(BaseCommand):
    help = "Restore a backup (database and documents) into an empty database and storage."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder made by manage.py backup")

    def handle(self, *, folder: Path, verbosity: int, **options):
        dump = folder / "database.dump"
        if not dump.is_file():
            raise CommandError(f"{dump} not found: is {folder} a backup?")
        environment = libpq_environment()
        if connection.introspection.table_names():
            raise CommandError("The database is not empty; restore into an empty database.")
        if next(stored_files(), None) is not None:
            raise CommandError("The documents storage is not empty; restore into an empty one.")
        subprocess.run(  # noqa: S603 - fixed arguments, no shell
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={environment['PGDATABASE']}",  # noqa: S607
             str(dump)],
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
            count += 1
        if verbosity:
            self.stdout.write(f"Restored the database and {count} documents from {folder}.")
