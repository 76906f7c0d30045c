"""What every part of the scale data shares: constants, the random source, bulk inserts."""

import contextlib
import datetime
import random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from projects.models import (
    Role,
    Status,
)
from requests_inbox.models import (
    ActionKind,
    ActionStatus,
)

BENCH_EMAIL = "schaal.onderzoeker@example.nl"
STAFF_EMAIL = "schaal.medewerker@example.nl"
BENCH_PASSWORD = "Schaal-benchmark-2026"  # noqa: S105 - local scale data only
MARKER = "Schaalinstelling 0000"
BATCH = 2000

FIRST = ["Anna", "Bram", "Carla", "Daan", "Eva", "Finn", "Greet", "Hugo", "Iris", "Joost", "Kim",
         "Lars", "Mila", "Noor", "Otto", "Pien", "Ruben", "Sara", "Tom", "Vera"]  # fmt: skip
LAST = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
        "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Dekker"]  # fmt: skip
TOPICS = ["arbeidsmarkt", "gezondheid", "onderwijs", "wonen", "inkomen", "mobiliteit",
          "energie", "criminaliteit", "migratie", "pensioenen"]  # fmt: skip

# The statuses in which the customer still writes the bijlagen; from "submitted" on they are final.
EDITABLE = {Status.ORIENTATION}
# A sent cost overview awaits approval; from "agreement" on it was agreed.
AGREED_STATUSES = {Status.AGREEMENT, Status.PREPARING, Status.RUNNING, Status.CLOSURE_REQUESTED,
                   Status.CLOSED}  # fmt: skip
PUBLISHING = {Status.RUNNING, Status.CLOSURE_REQUESTED, Status.CLOSED}
COST_DECIDERS = {Role.LEADER, Role.SIGNATORY}
# The kinds of actions besides cost reviews (those come from the cost overviews).
OTHER_KINDS = [ActionKind.QUESTION, ActionKind.USER_DECLARATION, ActionKind.CONFIDENTIALITY,
               ActionKind.NEW_CONTACT_PERSON, ActionKind.AWARENESS_TEST]  # fmt: skip
OPEN_STATUS = {
    ActionKind.USER_DECLARATION: ActionStatus.TO_SIGN,
    ActionKind.CONFIDENTIALITY: ActionStatus.UPLOAD_DOCUMENT,
    ActionKind.NEW_CONTACT_PERSON: ActionStatus.UPLOAD_DOCUMENT,
    ActionKind.COST_REVIEW: ActionStatus.TO_REVIEW,
    ActionKind.QUESTION: ActionStatus.TO_ANSWER,
    ActionKind.AWARENESS_TEST: ActionStatus.TO_TAKE,
}
DONE_STATUS = {
    ActionKind.USER_DECLARATION: ActionStatus.SIGNED,
    ActionKind.CONFIDENTIALITY: ActionStatus.AWAITING_CBS,
    ActionKind.NEW_CONTACT_PERSON: ActionStatus.APPROVED,
    ActionKind.COST_REVIEW: ActionStatus.AGREED,
    ActionKind.QUESTION: ActionStatus.ANSWERED,
    ActionKind.AWARENESS_TEST: ActionStatus.PASSED,
}
# A tiny valid PDF: the one stored document every seeded file field points at.
PLACEHOLDER_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
DECLARATION_TEXT = (
    "Ik gebruik de microdata van CBS alleen voor het onderzoek waarvoor ze beschikbaar zijn "
    "gesteld en maak geen personen of bedrijven herkenbaar."
)


@contextlib.contextmanager
def explicit_times(*fields):
    """Let bulk inserts give ``auto_now_add`` fields their own past moments (then restore)."""
    saved = [(field, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now_add = False
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


class SeederBase:
    """The state and helpers of one seeding run (see benchmarks/seed/__init__.py)."""

    def __init__(self, *, seed: int, stdout):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.stdout = stdout

    def analyze(self):
        """Planner statistics for the tables just filled, as after any bulk load.

        Without them PostgreSQL plans for nearly empty tables (a team query scanned all 5,000
        persons) until autovacuum gets to them, and autovacuum may be off or slow; SQLite's
        planner uses them too.
        """
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    def bulk(self, model, objects):
        return model.objects.bulk_create(objects, batch_size=BATCH)

    def placeholder(self, folder: str) -> str:
        """The name of one stored placeholder PDF in ``folder`` (shared by all seeded rows)."""
        return default_storage.save(f"{folder}/schaal.pdf", ContentFile(PLACEHOLDER_PDF))

    def ago(self, days: int) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days)
