"""Fill the database at scale for benchmarks: ``python -m benchmarks.seed --scale N``.

At N=1: 200 institutions, 5,000 persons (1,000 with a login and a verified email address),
10,000 projects with their three bijlagen, 40,000 team memberships, 20,000 project files (some
with documents), services, publications, cost overviews with lines for every project past
"Contract opstellen", 50,000 actions, 2,000 awareness attempts (with their answers) of the one
active test, user declaration signatures, confidentiality declarations, account requests,
tariffs and an audit trail. Every table of our apps gets rows, consistent with each other:

- a project's status fits its bijlagen (final once submitted) and its cost overviews (one sent
  overview and an open cost review action for each project leader and signatory when the
  status is "Kostenoverzicht ter goedkeuring", an agreed one with sent actions afterwards);
- a sent action carries what it was about: a signed user declaration its signature, a
  confidentiality declaration its uploaded document, an awareness test its passed attempt;
- allauth's EmailAddress rows exist for every login (bulk inserts send no signals).

Deterministic (seeded random, no clock in the random choices), bulk inserts, one transaction.
It refuses to run twice.

One module per app whose data it makes (people, projects, requests_inbox, awareness, events);
they share the run's state on one ``Seeder``. Not part of the portal: only the benchmark
(benchmarks/run.py) and its tests use it.

The benchmark user ``BENCH_EMAIL`` (password ``BENCH_PASSWORD``) leads 40 projects (ten awaiting
the approval of a sent cost overview, with its PDF), is on 20 more, and has 30 open and 30 sent
actions: a busy researcher, as the benchmark wants.
"""

import time

from django.db import transaction

from accounts.models import ConfidentialityDeclaration, Institution
from awareness.models import Attempt
from benchmarks.seed.awareness import AwarenessSeeder
from benchmarks.seed.base import (
    BENCH_EMAIL,
    BENCH_PASSWORD,
    MARKER,
    STAFF_EMAIL,
    explicit_times,
)
from benchmarks.seed.events import EventSeeder
from benchmarks.seed.people import PeopleSeeder
from benchmarks.seed.projects import ProjectSeeder
from benchmarks.seed.requests_inbox import RequestsSeeder
from requests_inbox.models import Action

__all__ = ["BENCH_EMAIL", "BENCH_PASSWORD", "STAFF_EMAIL", "SeedRefused", "seed_scale"]


class SeedRefused(Exception):
    """The scale data cannot be loaded (a bad scale, or it is loaded already)."""


class Seeder(PeopleSeeder, ProjectSeeder, AwarenessSeeder, RequestsSeeder, EventSeeder):
    def seed(self, *, institutions, persons, users, projects, members, files, actions, attempts):
        counts = {}
        self.seed_people(counts, institutions, persons, users)
        self.seed_catalogue(counts)
        self.seed_projects(counts, projects, members, files)
        self.seed_awareness(counts, attempts)
        self.seed_actions(counts, actions)
        self.seed_account_requests(counts, max(1, institutions // 2))
        self.seed_events(counts)
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
