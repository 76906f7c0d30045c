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
they share the run's state on one ``Seeder`` (load.py). Not part of the portal: only the benchmark
(benchmarks/run.py) and its tests use it.

The benchmark user ``BENCH_EMAIL`` (password ``BENCH_PASSWORD``) leads 40 projects (ten awaiting
the approval of a sent cost overview, with its PDF), is on 20 more, and has 30 open and 30 sent
actions: a busy researcher, as the benchmark wants.
"""
