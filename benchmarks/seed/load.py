"""Loading the scale data: the whole run, in one transaction (see benchmarks/seed/__init__.py)."""

import time

from django.db import transaction

from accounts.models import ConfidentialityDeclaration, Institution
from awareness.models import Attempt
from benchmarks.seed.agreements import AgreementSeeder
from benchmarks.seed.awareness import AwarenessSeeder
from benchmarks.seed.base import (
    BENCH_EMAIL,
    BENCH_PASSWORD,
    MARKER,
    STAFF_EMAIL,
    explicit_times,
)
from benchmarks.seed.changes import ChangesSeeder
from benchmarks.seed.events import EventSeeder
from benchmarks.seed.messaging import MessagingSeeder
from benchmarks.seed.operations import OperationsSeeder
from benchmarks.seed.people import PeopleSeeder
from benchmarks.seed.projects import ProjectSeeder
from benchmarks.seed.requests_inbox import RequestsSeeder
from changes.models import ChangeRequest, OutputCheck
from requests_inbox.models import Action

__all__ = ["BENCH_EMAIL", "BENCH_PASSWORD", "STAFF_EMAIL", "SeedRefused", "seed_scale"]


class SeedRefused(Exception):
    """The scale data cannot be loaded (a bad scale, or it is loaded already)."""


class Seeder(
    PeopleSeeder,
    ProjectSeeder,
    AgreementSeeder,
    AwarenessSeeder,
    ChangesSeeder,
    RequestsSeeder,
    EventSeeder,
    MessagingSeeder,
    OperationsSeeder,
):
    def seed(self, *, institutions, persons, users, projects, members, files, actions, attempts):
        counts = {}
        self.seed_people(counts, institutions, persons, users)
        self.seed_catalogue(counts)
        self.seed_projects(counts, projects, members, files)
        self.seed_changes(counts)
        self.seed_awareness(counts, attempts)
        self.seed_actions(counts, actions)
        self.seed_account_requests(counts, max(1, institutions // 2))
        self.seed_events(counts)
        self.seed_reminders(counts)
        self.seed_mail(counts)
        self.seed_messaging(counts)
        self.seed_operations(counts)
        return counts


def seed_scale(*, scale: float = 1.0, seed: int = 2026, stdout) -> dict:
    """Load the scale data (1 = 10,000 projects) into an empty database; the counts per kind."""
    if scale <= 0:
        raise SeedRefused("--scale must be positive.")
    if Institution.objects.filter(name=MARKER).exists():
        raise SeedRefused("The scale data is already loaded (run it on an empty database).")
    started = time.monotonic()
    seeder = Seeder(seed=seed, stdout=stdout)
    n = lambda count: max(1, round(count * scale))  # noqa: E731
    timed = [Action._meta.get_field("created_at"), Attempt._meta.get_field("started_at"),
             ChangeRequest._meta.get_field("asked_at"), OutputCheck._meta.get_field("asked_at"),
             ConfidentialityDeclaration._meta.get_field("uploaded_at")]  # fmt: skip
    with transaction.atomic(), explicit_times(*timed):
        counts = seeder.seed(
            institutions=n(200),
            persons=n(5000),
            users=n(1000),
            projects=n(10_000),
            members=n(40_000),
            files=n(20_000),
            actions=n(50_000),
            attempts=n(2000),
        )
    seeder.analyze()
    seconds = time.monotonic() - started
    for label, count in counts.items():
        print(f"  {label:30} {count:>9,}", file=stdout)
    print(f"Scale data loaded in {seconds:.1f} s.", file=stdout)
    print(f"Benchmark logins: {BENCH_EMAIL}, {STAFF_EMAIL} / {BENCH_PASSWORD}", file=stdout)
    return counts
