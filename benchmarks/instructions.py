"""Instructions per request of one page, counted by callgrind (deterministic, quick to compare).

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p PYTHONHASHSEED=0 \\
        .venv/bin/python benchmarks/instructions.py /projecten/ --requests 30

One process, Django's test client (no HTTP), DEBUG off, benchmark settings, signed in as the
benchmark user (``--staff`` for the staff user, ``--account-manager`` for the scale data's first
account manager, as ``run.py`` signs in for Mijn instelling's pages, ``--anonymous``). Run it
with ``--requests 10`` and ``--requests 30``: the difference of the two totals divided by 20 is
the cost of one request, start-up and first-request costs cancelling out. Needs a database
loaded by ``python -m benchmarks.seed`` (``DATABASE_URL``), ``collectstatic`` and the cache
``run.py`` measures with: ``CACHE_URL=redis://127.0.0.1:6379/15`` (without it, the database's
cache table, which ``run.py`` makes with ``createcachetable``).
"""

import argparse
import os
import sys


def start_django(**environ: str) -> None:
    """Django as the benchmark's gunicorn runs it (its settings, DEBUG off, no HTTPS), in this
    process, with ``environ`` besides."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DEBUG="0",
        TESTING="0",
        SECRET_KEY=os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 40),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="0",
        MFA_REQUIRED="0",
        LOG_LEVEL="ERROR",
        **environ,
    )
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--staff", action="store_true")
    parser.add_argument("--account-manager", action="store_true")
    parser.add_argument("--anonymous", action="store_true")
    args = parser.parse_args()
    start_django()
    from django.test import Client

    from accounts.models import User
    from benchmarks.run import account_manager_email
    from benchmarks.seed.load import BENCH_EMAIL, STAFF_EMAIL

    client = Client()
    if args.account_manager:
        client.force_login(User.objects.get(email=account_manager_email()))
    elif not args.anonymous:
        client.force_login(User.objects.get(email=STAFF_EMAIL if args.staff else BENCH_EMAIL))
    path = args.path
    if "{project}" in path:
        user = User.objects.get(email=BENCH_EMAIL)
        member = user.person.memberships.filter(role="leader").order_by("project__number")
        path = path.format(project=member.first().project.number)
    for _ in range(args.requests):
        response = client.get(path)
        if response.status_code != 200:
            print(f"{path}: {response.status_code}", file=sys.stderr)
            return 1
    print(f"{path}: {args.requests} requests", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
