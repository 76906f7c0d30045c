#!/usr/bin/env python
"""Benchmark the portal's main pages against a minimal Django view (the ceiling).

    .venv/bin/python benchmarks/run.py                 # fresh PostgreSQL database, scale 1
    .venv/bin/python benchmarks/run.py --reuse         # keep the database loaded last time
    .venv/bin/python benchmarks/run.py --requests 100 --concurrency 2

Steps: (re)create the PostgreSQL database, migrate, ``python -m benchmarks.seed --scale N``,
collect static files, serve ``benchmarks.wsgi`` (the portal plus /benchmarks/ceiling) with
gunicorn on 127.0.0.1 (DEBUG off, settings from the environment), sign in with a real login POST
(CSRF token, session cookie reused), then measure each main page with a bounded number of
requests at a small concurrency: latency p50/p95/p99 and requests per second, and the ratio of
each page's RPS to the ceiling's, measured in rounds that alternate with the page's. Pages that
do not exist yet (their app is not merged) are listed as missing. Everything goes to 127.0.0.1
only; the script stops the server it started."""

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
# The targets (issue 33), at every scale: the share of the ceiling's requests per second each
# page must reach: named pages, then every back-office page, then every other signed-in page.
TARGET_RATIOS = {"Frame: Klantenservice": 0.60, "Home (with actions)": 0.35, "Projecten": 0.30,
                 "Projectkaart PDF": 0.25}  # fmt: skip
TARGET_ADMIN_RATIO = 0.12
TARGET_PORTAL_RATIO = 0.25
NO_TARGET = ("Ceiling", "Public:", "Export")  # the public page has none; the export its own
# The login burst (issue 33): this many real sign-ins at once, each from a fresh client, while
# the run's other pages are asked for; every other page's p95 during it stays under this.
BURST_LOGINS = 50
TARGET_BURST_P95_MS = 1000
BURST_LABEL = f"Login burst: {BURST_LOGINS} sign-ins at once"


def target_ratio(label: str) -> float | None:
    """The share of the ceiling's requests per second this page must reach (None: no target)."""
    if label.startswith(NO_TARGET):
        return None
    if label in TARGET_RATIOS:
        return TARGET_RATIOS[label]
    return TARGET_ADMIN_RATIO if label.startswith("Admin") else TARGET_PORTAL_RATIO


RANDOM_PAGE_COST = 1.1  # as docker-compose.yml's PostgreSQL
CEILING_PATH = "/benchmarks/ceiling"
ROUNDS = 5  # each page alternates with the ceiling in this many rounds


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/klantportaal_bench"
        ),
    )
    parser.add_argument(
        "--scale",
        type=float,
        action="append",
        help="repeat (--scale 1 --scale 5) to measure each scale in a database of its own "
        "(the name gets _s1, _s5) and print both side by side with the verdicts",
    )
    parser.add_argument("--reuse", action="store_true", help="keep an already loaded database")
    parser.add_argument("--requests", type=int, default=200, help="per page (bounded)")
    parser.add_argument("--concurrency", type=int, default=3, help="2 to 4 threads")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--median-of",
        nargs="+",
        type=Path,
        metavar="JSON",
        help="measure nothing: the side-by-side table of these runs (each written with --json "
        "and the same --scale options), page by page the median of their p95, ratio to the "
        "ceiling and export time, with the verdict",
    )
    parser.add_argument(
        "--page",
        action="append",
        help="measure only the pages whose label contains this text (repeat for more; "
        "'Export' for the export); for trying a change, not for the record",
    )
    args = parser.parse_args()
    if not 1 <= args.concurrency <= 8 or not 1 <= args.requests <= 5000:
        parser.error("keep --concurrency within 1..8 and --requests within 1..5000")
    args.scales = args.scale or [1.0]
    return args


def server_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TESTING"}}
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DATABASE_URL=database_url,
        DEBUG="0",
        TESTING="0",
        SECRET_KEY="benchmark-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        SECURE_COOKIES="0",
        MFA_REQUIRED="0",
        DB_CONN_MAX_AGE="60",
        LOG_LEVEL="ERROR",
        DB_STATEMENT_TIMEOUT="0",  # loading the scale data takes long statements
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # The login burst's people come from addresses of their own, as through the proxy
        # (the rate limit allows 30 sign-ins a minute from one address).
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
        # Production's cache (.env.production.example): Redis, holding the rate limits, the unread
        # counts and what is kept until a write. A database of its own, emptied before each run.
        # BENCH_CACHE_URL=db:// measures the cache table instead (production without Redis).
        CACHE_URL=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
        CACHE_KEY_PREFIX="benchmark",
    )
    return env


def run(cmd, env, **kwargs):
    print("$", " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def prepare_database(args, env):
    import psycopg

    url = urllib.parse.urlparse(args.database_url)
    name = url.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise SystemExit(f"Use a plain database name, not {name!r}.")
    admin_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and not args.reuse:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
        # The planner setting of docker-compose.yml's database (SSD storage, data in memory).
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = {RANDOM_PAGE_COST}')
    run([PYTHON, "manage.py", "migrate", "-v0"], env)
    run([PYTHON, "manage.py", "createcachetable"], env)  # for BENCH_CACHE_URL=db://
    # No rate limit, unread count or kept page of an earlier run counts in this one.
    run(
        [PYTHON, "manage.py", "shell", "-c", "from django.core.cache import cache; cache.clear()"],
        env,
    )
    seeded = subprocess.run(
        [PYTHON, "-m", "benchmarks.seed", "--scale", str(args.scale)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    print(seeded.stdout + seeded.stderr, flush=True)
    if seeded.returncode != 0 and "already loaded" not in seeded.stderr:
        raise SystemExit("benchmarks.seed failed")
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)


def discover_pages(env) -> list[tuple[str, str | None, str]]:
    """(label, path or None when the page does not exist yet, who) of the pages to measure."""
    os.environ.update(env)
    import django

    django.setup()
    from django.urls import NoReverseMatch, reverse

    from accounts.models import User
    from benchmarks.seed.load import BENCH_EMAIL
    from requests_inbox.models import Action, ActionKind
    from tests.quality.discovery import routes

    user = User.objects.select_related("person").get(email=BENCH_EMAIL)
    # The same kind of project at every scale (so that a page's query count compares): the
    # benchmark user's first running project it leads (Uitvoering: the most panels), else any.
    led = user.person.memberships.filter(role="leader").select_related("project")
    project = led.filter(project__status="running").first() or led.first()
    # The inline PDF of an open cost review: a leader's sent cost overview, as the action shows.
    action = (
        Action.objects.open()
        .filter(person=user.person, kind=ActionKind.COST_REVIEW, cost_overview__status="sent")
        .exclude(cost_overview__pdf="")
        .first()
    )
    # A project of the benchmark user in Uitvoering (change requests, output checks) and an open
    # agreement signing action (Voorbereiding), when the scale data has them.
    running = (
        user.person.memberships.filter(role="leader", project__status="running")
        .values_list("project__number", flat=True)
        .first()
    )
    signing = (
        Action.objects.open()
        .filter(person=user.person, kind="agreement_signing")
        .values_list("pk", flat=True)
        .first()
    )
    values = {
        "number": project.project.number,
        "project_number": project.project.number,
        "action_pk": action.pk if action else None,
        "action_id": action.pk if action else None,
        "overview_pk": action.cost_overview_id if action else None,
        "cost_overview_pk": action.cost_overview_id if action else None,
        "pk": action.pk if action else None,
    }
    all_routes = routes()

    def url(name, **kwargs):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            return None

    def first_route(namespace, must=None):
        for route in all_routes:
            wanted = route.namespace == namespace and (must is None or must in route.name)
            if wanted and all(values.get(p) is not None for p in route.params):
                return url(route.name, **{p: values[p] for p in route.params})
        return None

    return [
        ("Home (with actions)", url("portal:home"), "researcher"),
        ("Projecten", url("projects:list"), "researcher"),
        ("Project page", url("projects:detail", number=values["number"]), "researcher"),
        ("Mijn gegevens", url("accounts:my_details"), "researcher"),
        ("Awarenesstoets", url("awareness:index") or first_route("awareness"), "researcher"),
        (
            "Cost overview PDF",
            (url("requests_inbox:cost_pdf", pk=action.pk) if action else None)
            or first_route("requests_inbox", "pdf"),
            "researcher",
        ),
        (
            "Admin project changelist",
            url("admin:projects_project_changelist") or url("admin:index"),
            "staff",
        ),
        ("Public: Over Microdata Services", url("accounts:about"), "anonymous"),
        # The frame every signed-in page has (header, menu, unread count, footer) around two
        # paragraphs: what no signed-in page can be faster than (no target of its own).
        ("Frame: Klantenservice", url("portal:customer_service"), "researcher"),
        # The pages of Voorbereiding, Uitvoering and Afsluiting, messages and the back office.
        ("Projectkaart PDF", url("projects:card", number=values["number"]), "researcher"),
        ("Berichten", url("messaging:project", number=values["number"]), "researcher"),
        ("Mijn vragen", url("messaging:questions"), "researcher"),
        (
            "Wijzigingsverzoek",
            url("changes:change_new", number=running) if running else None,
            "researcher",
        ),
        (
            "Outputcontrole",
            url("changes:output_new", number=running) if running else None,
            "researcher",
        ),
        (
            "Overeenkomst ondertekenen",
            url("agreements:action", pk=signing) if signing else None,
            "researcher",
        ),
        ("Admin index (work queue)", url("admin:index"), "staff"),
        # The rest of the back office: a changelist searched and filtered, a change page with
        # its inlines, the queues of Uitvoering and the conversations; the project's timeline.
        (
            "Admin projects, searched and filtered",
            url("admin:projects_project_changelist") + "?q=onderzoek&status=running",
            "staff",
        ),
        (
            "Admin project change page",
            url("admin:projects_project_change", object_id=project.project.pk),
            "staff",
        ),
        ("Admin change requests", url("admin:changes_changerequest_changelist"), "staff"),
        ("Admin output checks", url("admin:changes_outputcheck_changelist"), "staff"),
        ("Admin conversations", url("admin:messaging_thread_changelist"), "staff"),
        # Rapportages: every series' numbers and tables (the charts are images of their own).
        ("Admin reports (Rapportages)", url("admin:reports_report_changelist"), "staff"),
        ("Geschiedenis (timeline)", url("projects:history", number=values["number"]), "researcher"),
        # Mijn instelling, as an account manager of a scale institution (every person's standing
        # and every project's Aan zet are computed for the list).
        ("Mijn instelling: personen", url("institutions:people"), "account_manager"),
        ("Mijn instelling: projecten", url("institutions:projects"), "account_manager"),
        ("Mijn instelling: autorisatie", url("institutions:overview"), "account_manager"),
        ("Mijn instelling: API-tokens", url("institutions:api_tokens"), "account_manager"),
    ]


class Session:
    def __init__(self, port):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response.status, response.getheader("Location"), data

    def login_form(self, email, password, headers=None):
        """The sign-in page read (its CSRF token and cookie): the POST that signs in, to send."""
        status, _, page = self.request("GET", "/accounts/login/", headers=headers)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "login": email, "password": password}
        )
        headers = {
            **(headers or {}),
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{self.port}/accounts/login/",
        }
        return lambda: self.request("POST", "/accounts/login/", body=body, headers=headers)

    def signed_in(self, status, location) -> bool:
        return status == 302 and "sessionid" in self.cookies and "/accounts/" not in location

    def login(self, email, password):
        status, location, _ = self.login_form(email, password)()
        if not self.signed_in(status, location or ""):
            raise SystemExit(f"Login of {email} failed: {status} {location}")


# A result's CPU per request (Runs.summary), in ms: the app server's and the database's.
CPU_KEYS = ("cpu_app_ms", "cpu_db_ms")


def cpu_seconds(pid: int) -> float | None:
    """The CPU time a process has run (Linux: /proc/PID/schedstat, in nanoseconds), or None
    when it has ended or the kernel does not say."""
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


class CpuMeter:
    """Where a request's CPU goes: the app server's workers (the children of the gunicorn
    ``server_pid``) and the PostgreSQL backends connected to the benchmark's database (found in
    pg_stat_activity; the meter's own is left out). Both run on this machine, beside the
    client, so together they are what the ceiling's share measures; apart, they tell whether a
    page's time is Python or database. ``read`` gives each process's CPU seconds so far."""

    def __init__(self, server_pid: int, database_url: str):
        import psycopg

        self.server_pid = server_pid
        self.connection = psycopg.connect(database_url, autocommit=True)

    def read(self) -> dict[tuple[str, int], float]:
        children = Path(f"/proc/{self.server_pid}/task/{self.server_pid}/children")
        workers = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        backends = [
            pid
            for (pid,) in self.connection.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ]
        # A backend's pid is this machine's only when PostgreSQL runs here, not in a container
        # or elsewhere: then /proc/PID is some other process, or none, and is not counted.
        backends = [pid for pid in backends if _command(pid) == "postgres"]
        seconds = {("app", pid): cpu_seconds(pid) for pid in workers}
        seconds.update({("db", pid): cpu_seconds(pid) for pid in backends})
        return {key: value for key, value in seconds.items() if value is not None}

    @staticmethod
    def spent(before: dict, after: dict) -> dict[str, float]:
        """CPU seconds spent between two readings, app and db: a process started in between
        counts from zero; one that ended in between is not seen (rare: workers and connections
        live for the whole run)."""
        spent = {"app": 0.0, "db": 0.0}
        for (side, pid), seconds in after.items():
            spent[side] += seconds - before.get((side, pid), 0.0)
        return spent

    def close(self):
        self.connection.close()


class Runs:
    """Requests of one path, gathered over several batches: latencies, seconds and errors,
    and with a ``meter`` the CPU they cost the app server and the database."""

    def __init__(self, session, path, meter: CpuMeter | None = None):
        self.session, self.path, self.meter = session, path, meter
        self.latencies: list[float] = []
        self.seconds = 0.0
        self.errors: list[int] = []
        self.cpu = {"app": 0.0, "db": 0.0}

    def batch(self, *, requests, concurrency):
        """``requests`` GETs from ``concurrency`` threads."""
        before = self.meter.read() if self.meter else None
        lock = threading.Lock()
        remaining = iter(range(requests))

        def worker():
            while True:
                with lock:
                    if next(remaining, None) is None:
                        return
                started = time.perf_counter()
                status, _, _ = self.session.request("GET", self.path)
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    self.latencies.append(elapsed)
                    if status != 200:
                        self.errors.append(status)

        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.seconds += time.perf_counter() - started
        if self.meter:
            for side, seconds in CpuMeter.spent(before, self.meter.read()).items():
                self.cpu[side] += seconds

    def summary(self) -> dict:
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        count = len(self.latencies)
        cpu = (
            {f"cpu_{side}_ms": seconds * 1000 / count for side, seconds in self.cpu.items()}
            if self.meter
            else {}
        )
        return {
            "status": 200,
            "requests": count,
            "errors": len(self.errors),
            "p50": statistics.median(self.latencies),
            "p95": cuts[94],
            "p99": cuts[98],
            "rps": count / self.seconds,
            **cpu,
        }


def measure(session, path, ceiling_session, *, requests, concurrency, rounds=ROUNDS, meter=None):
    """The page and the ceiling in alternating rounds: (page result, ceiling result), each
    with the CPU per request it cost when a ``meter`` is given.

    The machine's speed drifts (other work on shared hosts): measuring the ceiling once before
    and once after all pages made a page's ratio depend on when it ran. Alternating rounds of
    the ceiling and the page expose both to the same conditions; the ratio compares them.
    """
    for _ in range(20):  # warm up every worker
        status, _, _ = session.request("GET", path)
    if status != 200:
        return {"status": status}, None
    page, ceiling = Runs(session, path, meter), Runs(ceiling_session, CEILING_PATH, meter)
    per_round = max(1, requests // rounds)
    for _ in range(rounds):
        ceiling.batch(requests=per_round, concurrency=concurrency)
        page.batch(requests=per_round, concurrency=concurrency)
    return page.summary(), ceiling.summary()


def measure_sign_in(port, emails, password, meter=None) -> dict:
    """One sign-in after another (no other load): their median latency and the CPU, app server
    and database, per sign-in: what one sign-in costs."""
    posts = [Session(port).login_form(email, password) for email in emails]
    before = meter.read() if meter else None
    latencies = []
    for post in posts:
        started = time.perf_counter()
        post()
        latencies.append((time.perf_counter() - started) * 1000)
    cpu = CpuMeter.spent(before, meter.read()) if meter else {}
    per_sign_in = {f"cpu_{side}_ms": spent * 1000 / len(emails) for side, spent in cpu.items()}
    return {"alone_p50": statistics.median(latencies), **per_sign_in}


def quantile(values, percent) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def measure_login_burst(port, emails, password, others, *, concurrency, meter=None) -> dict:
    """``emails`` sign in at once, each a fresh client (its sign-in page read first, CSRF token
    and cookie as the run's own sign-in; from an address of its own, as through the proxy),
    while ``concurrency`` threads ask for ``others`` ((label, session, path), in turn) as before.
    The sign-ins' latencies and how many failed; per other page the p95 of its requests that
    were in flight during the burst; the CPU of the burst's time per sign-in (with the other
    pages' requests)."""
    clients = []
    for number, email in enumerate(emails):
        session = Session(port)
        address = {"X-Forwarded-For": f"10.50.{number // 250}.{number % 250 + 1}"}
        clients.append((session, session.login_form(email, password, headers=address)))
    stop = threading.Event()
    samples = []  # (label, started, ended, status)
    lock = threading.Lock()
    turn = iter(range(10**9))

    def browse():
        while not stop.is_set():
            with lock:
                label, session, path = others[next(turn) % len(others)]
            started = time.perf_counter()
            try:
                status, _, _ = session.request("GET", path)
            except OSError:  # no answer within the client's 30 s: an error, as a 5xx
                status = 0
            with lock:
                samples.append((label, started, time.perf_counter(), status))

    browsers = [threading.Thread(target=browse) for _ in range(concurrency)]
    for thread in browsers:
        thread.start()
    time.sleep(0.5)  # the other pages' load under way before the burst
    gate = threading.Barrier(len(clients) + 1)
    logins = []

    def sign_in(session, post):
        gate.wait()
        started = time.perf_counter()
        try:
            status, location, _ = post()
        except OSError:  # no answer within the client's 30 s: a sign-in that failed
            status, location = 0, ""
        ended = time.perf_counter()
        with lock:
            logins.append((ended - started, session.signed_in(status, location or "")))

    threads = [threading.Thread(target=sign_in, args=client) for client in clients]
    for thread in threads:
        thread.start()
    before = meter.read() if meter else None
    gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    ended = time.perf_counter()
    cpu = CpuMeter.spent(before, meter.read()) if meter else {}
    stop.set()
    for thread in browsers:
        thread.join()
    during = {}
    for label, started, finished, status in samples:
        if started < ended and finished > began:  # in flight during the burst
            during.setdefault(label, []).append(((finished - started) * 1000, status))
    pages = {
        label: {"requests": len(rows), "errors": sum(status != 200 for _, status in rows),
                "p95": quantile([ms for ms, _ in rows], 95)}
        for label, rows in during.items()
    }  # fmt: skip
    seconds = sorted(took * 1000 for took, _ in logins)
    return {
        "status": 200,
        "logins": len(logins),
        "errors": sum(not ok for _, ok in logins),
        "p50": statistics.median(seconds),
        "p95": quantile(seconds, 95),
        "max": seconds[-1],
        "seconds": ended - began,
        "pages": pages,
        "others_p95": max((page["p95"] for page in pages.values()), default=None),
        "others_requests": sum(page["requests"] for page in pages.values()),
        **{f"window_cpu_{side}_ms": spent * 1000 / len(logins) for side, spent in cpu.items()},
    }


def burst_emails(count: int) -> list[str]:
    """Scale users who may sign in with the password alone, not the run's own people: the
    first ``count`` for the burst, the next ten for the sign-in one at a time."""
    from accounts.models import User
    from benchmarks.seed.load import BENCH_EMAIL

    return list(
        User.objects.filter(is_active=True, is_staff=False, person__left_on__isnull=True,
                            authenticator__isnull=True)
        .exclude(email=BENCH_EMAIL)
        .exclude(person__is_account_manager=True)
        .order_by("pk")
        .values_list("email", flat=True)[:count]
    )  # fmt: skip


EXPORT_PATH = "/admin/awareness/attempt/"  # the results CSV: an admin action over them all
TARGET_EXPORT_SECONDS_PER_10K = 0.5


def measure_export(session, port, *, runs=3) -> dict:
    """The awareness results CSV of every attempt (the admin action, all selected), streamed
    and read to its end ``runs`` times: its rows and the median seconds, also per 10,000 rows."""
    status, _, page = session.request("GET", EXPORT_PATH)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    first = re.search(rb'name="_selected_action" value="(\d+)"', page)
    if status != 200 or not token or not first:
        return {"status": status}
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1).decode(), "action": "export_csv",
         "select_across": "1", "index": "0", "_selected_action": first.group(1).decode()}
    )  # fmt: skip
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Referer": f"http://127.0.0.1:{port}{EXPORT_PATH}",
    }
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _, data = session.request("POST", EXPORT_PATH, body=body, headers=headers)
        seconds.append(time.perf_counter() - started)
        if status != 200 or not data.startswith("\ufeff".encode()):
            return {"status": status}
    rows = data.count(b"\n") - 1  # the header line is not a row
    median = statistics.median(seconds)
    return {"status": 200, "rows": rows, "seconds": median,
            "per_10k": median * 10_000 / max(rows, 1)}  # fmt: skip


def wait_for(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn stopped")
        try:
            if Session(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def median_of(paths) -> dict:
    """Runs written with --json, page by page: the median of their p95, their ratio to the
    ceiling (each run's own) and their export time; the query counts of the first run. The
    result has the shape ``compare`` takes; a ratio is kept as the page's "rps" against a
    ceiling of 1."""
    runs = [json.loads(Path(path).read_text()) for path in paths]
    runs = [run if isinstance(run, dict) else {"1": run} for run in runs]  # one scale: a list
    by_scale = {}
    for scale, first in runs[0].items():
        rows = []
        for index, (label, path, result, _ceiling) in enumerate(first):
            same = [run[scale][index] for run in runs]
            if {row[0] for row in same} != {label}:
                raise SystemExit(f"The runs do not measure the same pages ({label}).")
            results = [row[2] for row in same]
            if any(r.get("status") != 200 for r in results):
                rows.append((label, path, {"status": "not in every run"}, None))
            elif label == BURST_LABEL:
                rows.append((label, path, median_burst(results), None))
            elif label.startswith("Export"):
                seconds = statistics.median(r["seconds"] for r in results)
                per_10k = statistics.median(r["per_10k"] for r in results)
                rows.append((label, path, {**result, "seconds": seconds, "per_10k": per_10k}, None))
            else:
                ratio = statistics.median(row[2]["rps"] / row[3]["rps"] for row in same)
                p95 = statistics.median(r["p95"] for r in results)
                errors = sum(r["errors"] for r in results)
                merged = {**result, "p95": p95, "rps": ratio, "errors": errors}
                for key in CPU_KEYS:
                    if all(key in r for r in results):
                        merged[key] = statistics.median(r[key] for r in results)
                rows.append((label, path, merged, {"rps": 1.0}))
        by_scale[float(scale)] = rows
    return by_scale


def median_burst(results) -> dict:
    """Login bursts of several runs: each number's median (errors added up); per other page
    the median of its p95 in the runs that asked for it."""
    merged = {**results[0], "errors": sum(r["errors"] for r in results)}
    for key, value in results[0].items():
        if key != "errors" and isinstance(value, int | float) and all(key in r for r in results):
            merged[key] = statistics.median(r[key] for r in results)
    pages = {}
    for r in results:
        for label, page in r["pages"].items():
            pages.setdefault(label, []).append(page)
    merged["pages"] = {
        label: {"requests": sum(p["requests"] for p in runs),
                "errors": sum(p["errors"] for p in runs),
                "p95": statistics.median(p["p95"] for p in runs)}
        for label, runs in pages.items()
    }  # fmt: skip
    merged["others_p95"] = max((p["p95"] for p in merged["pages"].values()), default=None)
    merged["others_requests"] = sum(p["requests"] for p in merged["pages"].values())
    return merged


def main():
    args = parse_args()
    if args.median_of:
        print(f"The median of {len(args.median_of)} runs:")
        compare(median_of(args.median_of))
        return
    by_scale = {}
    base_url = args.database_url  # measure_scale sets args.database_url to each scale's
    for scale in args.scales:
        url = base_url
        if len(args.scales) > 1:
            url = url + "_s" + f"{scale:g}".replace(".", "_")
        by_scale[scale] = measure_scale(args, scale, url)
        report(by_scale[scale], args, scale)
    if len(by_scale) > 1:
        compare(by_scale)
    if args.json:
        rows = {
            f"{scale:g}": [[label, path, r, ceiling] for label, path, r, ceiling in results]
            for scale, results in by_scale.items()
        }
        args.json.write_text(json.dumps(rows if len(rows) > 1 else rows.popitem()[1], indent=2))


def measure_scale(args, scale, database_url):
    """Prepare the database of one scale, serve it and measure every page: the result rows."""
    args.scale, args.database_url = scale, database_url
    env = server_env(database_url)
    prepare_database(args, env)
    found = subprocess.run(
        [PYTHON, str(Path(__file__).resolve()), "--pages-only"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    pages, queries = json.loads(found.stdout.strip().splitlines()[-1])
    os.environ.update(env)
    import django

    django.setup()  # once: the names below come from the scale data's modules
    from benchmarks.seed.load import BENCH_EMAIL, BENCH_PASSWORD, STAFF_EMAIL

    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "benchmarks.wsgi:application", "--bind",
         f"127.0.0.1:{args.port}", "--workers", str(args.workers), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    meter = None
    try:
        wait_for(args.port, server)
        meter = CpuMeter(server.pid, database_url)
        sessions = {"anonymous": Session(args.port)}
        sessions["researcher"] = Session(args.port)
        sessions["researcher"].login(BENCH_EMAIL, BENCH_PASSWORD)
        sessions["staff"] = Session(args.port)
        sessions["staff"].login(STAFF_EMAIL, BENCH_PASSWORD)
        sessions["account_manager"] = Session(args.port)
        sessions["account_manager"].login(account_manager_email(), BENCH_PASSWORD)
        options = {"requests": args.requests, "concurrency": args.concurrency, "meter": meter}
        for _ in range(20):  # warm up every worker
            sessions["researcher"].request("GET", CEILING_PATH)
        results, ceilings, measured = [], [], set()
        for label, path, who in pages:
            if not wanted(args, label):
                continue
            if path is None:
                results.append((label, None, {"status": "missing"}, None))
                continue
            page, ceiling = measure(sessions[who], path, sessions["researcher"], **options)
            page["queries"] = queries.get(path)
            if page["status"] == 200:
                measured.add(path)
            results.append((label, path, page, ceiling))
            if ceiling:
                ceilings.append(ceiling)
        # The ceiling's row: all its rounds together (each page is compared with its own).
        overall = {
            "status": 200,
            "requests": sum(c["requests"] for c in ceilings),
            "errors": sum(c["errors"] for c in ceilings),
            "p50": statistics.median(c["p50"] for c in ceilings),
            "p95": max(c["p95"] for c in ceilings),
            "p99": max(c["p99"] for c in ceilings),
            "rps": statistics.median(c["rps"] for c in ceilings),
            **{
                key: statistics.median(c[key] for c in ceilings)
                for key in CPU_KEYS
                if ceilings and key in ceilings[0]
            },
        }
        results.insert(0, ("Ceiling (minimal Django view)", CEILING_PATH, overall, overall))
        if wanted(args, BURST_LABEL):
            others = [(label, sessions[who], path) for label, path, who in pages
                      if path and wanted(args, label) and path in measured]  # fmt: skip
            emails = burst_emails(BURST_LOGINS + 10)
            burst = measure_login_burst(args.port, emails[:BURST_LOGINS], BENCH_PASSWORD,
                                        others or [("Ceiling", sessions["researcher"],
                                                    CEILING_PATH)],
                                        concurrency=args.concurrency, meter=meter)  # fmt: skip
            # and what one sign-in costs alone (its CPU is the row's CPU), once the server has
            # worked through the burst (sign-ins whose client gave up are still queued)
            wait_for(args.port, server, seconds=600)
            burst.update(measure_sign_in(args.port, emails[BURST_LOGINS:], BENCH_PASSWORD, meter))
            results.append((BURST_LABEL, "/accounts/login/", burst, None))
        if wanted(args, "Export: awareness results CSV"):
            results.append(("Export: awareness results CSV", EXPORT_PATH,
                            measure_export(sessions["staff"], args.port), None))  # fmt: skip
    finally:
        if meter:
            meter.close()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return results


def account_manager_email() -> str:
    """The login of the scale data's first account manager (Mijn instelling's pages)."""
    from accounts.models import User

    return (
        User.objects.filter(person__is_account_manager=True, is_active=True)
        .order_by("pk")
        .values_list("email", flat=True)
        .first()
    )


def wanted(args, label) -> bool:
    return not args.page or any(part.lower() in label.lower() for part in args.page)


def misses(label, r, ceiling) -> list[str]:
    """The targets this page's result misses (empty: it meets them all)."""
    if label.startswith("Ceiling"):
        return []
    if label == BURST_LABEL:
        return burst_misses(r)
    if label.startswith("Export"):
        per_10k = r["per_10k"]
        return (
            [] if per_10k <= TARGET_EXPORT_SECONDS_PER_10K else [f"{per_10k:.2f} s per 10,000 rows"]
        )
    missed = [f"{r['errors']} errors"] if r["errors"] else []
    ratio = r["rps"] / ceiling["rps"]
    wanted = target_ratio(label)
    if wanted and ratio < wanted:
        missed.append(f"ratio {ratio:.0%} < {wanted:.0%}")
    return missed


def burst_misses(r) -> list[str]:
    """The login burst's target: every other page's p95 during it under TARGET_BURST_P95_MS,
    and every sign-in and page request answered as it should be."""
    missed = [f"{r['errors']} of {r['logins']} sign-ins failed"] if r["errors"] else []
    pages = r["pages"]
    if errors := sum(page["errors"] for page in pages.values()):
        missed.append(f"{errors} errors on the other pages")
    slow = [label for label, page in pages.items() if page["p95"] >= TARGET_BURST_P95_MS]
    if not pages:
        missed.append("no other page answered during it")
    elif slow:
        worst = f"other pages' p95 up to {r['others_p95']:.0f} ms"
        missed.append(f"{worst} ({len(slow)} of {len(pages)} >= {TARGET_BURST_P95_MS} ms)")
    return missed


def burst_line(r) -> str:
    """The burst in words: its sign-ins, the other pages meanwhile, one sign-in alone."""
    others = f"{r['others_p95']:.0f} ms" if r["others_p95"] is not None else "-"
    alone = f"; one alone {r['alone_p50']:.0f} ms" if "alone_p50" in r else ""
    return (f"{r['logins']} sign-ins in {r['seconds']:.2f} s (p50 {r['p50']:.0f}, p95 "
            f"{r['p95']:.0f} ms){alone}; other pages' p95 up to {others} "
            f"({r['others_requests']} requests)")  # fmt: skip


def compare(by_scale):
    """One table with every scale side by side: p95, ratio to the ceiling and queries per
    scale; the verdict: every target at every scale and the same query count at all."""
    scales = list(by_scale)
    rows = {}
    for scale, results in by_scale.items():
        for label, _path, r, ceiling in results:
            rows.setdefault(label, {})[scale] = (r, ceiling)
    print()
    head = " | ".join(f"s{s:g} p95 | s{s:g} ratio | s{s:g} q" for s in scales)
    head += "".join(f" | s{s:g} CPU app + db" for s in scales)
    print(f"| {'page':34} | {head} | verdict |")
    print("|" + "---|" * (2 + 4 * len(scales)))
    failures = []
    for label, per_scale in rows.items():
        cells, missed, counts, cpu = [], [], set(), []
        for scale in scales:
            r, ceiling = per_scale.get(scale, ({"status": "missing"}, None))
            cpu.append(cpu_cell(r) if r.get("status") == 200 else f"{'-':>12}")
            if r.get("status") != 200:
                cells.append(f"{'-':>8} | {'-':>9} | {'-':>4}")
                missed.append(f"s{scale:g} not measured ({r.get('status')})")
                continue
            if label == BURST_LABEL:  # the p95: the other pages' worst during it
                worst = r["others_p95"] if r["others_p95"] is not None else float("nan")
                cells.append(f"{worst:8.1f} | {'burst':>9} | {'-':>4}")
                missed += [f"s{scale:g} {m}" for m in misses(label, r, ceiling)]
                continue
            if label.startswith("Export"):
                cells.append(f"{r['seconds'] * 1000:8.1f} | {r['rows']:>7} r | {'-':>4}")
                missed += [f"s{scale:g} {m}" for m in misses(label, r, ceiling)]
                continue
            ratio = r["rps"] / ceiling["rps"]
            queries = r.get("queries")
            counts.add(queries)
            cells.append(
                f"{r['p95']:8.1f} | {ratio:9.0%} | {queries if queries is not None else '-':>4}"
            )
            missed += [f"s{scale:g} {m}" for m in misses(label, r, ceiling)]
        if len(counts) > 1:
            missed.append("queries differ between scales")
        if missed and not label.startswith("Ceiling"):
            failures.append(label)
        verdict = "ok" if not missed else "; ".join(missed)
        print(f"| {label:34} | {' | '.join(cells + cpu)} | {verdict} |")
    print()
    print("All targets met at every scale." if not failures else "Missed: " + ", ".join(failures))


def cpu_cell(r) -> str:
    """A page's CPU per request, app server + database, in ms (12 wide), or '-'."""
    if "cpu_app_ms" not in r:
        return f"{'-':>12}"
    return f"{r['cpu_app_ms']:5.1f} + {r['cpu_db_ms']:4.1f}"


def report(results, args, scale):
    print()
    print(
        f"{args.requests} requests per page, concurrency {args.concurrency}, "
        f"gunicorn {args.workers} sync workers, scale {scale:g}"
    )
    header = (
        f"| {'page':34} | {'path':32} | p50 ms | p95 ms | p99 ms |    RPS | vs ceiling | target "
        "| CPU app + db |"
    )
    print(header)
    print("|" + "|".join("-" * (len(part)) for part in header.split("|")[1:-1]) + "|")
    failures = []
    for label, path, r, ceiling in results:
        if r.get("status") != 200:
            missing = f"not measured: {r['status']}"
            print(f"| {label:34} | {str(path or '-'):32} | {missing:>52} |")
            continue
        ok = not misses(label, r, ceiling)
        if not ok:
            failures.append(label)
        if label == BURST_LABEL:
            print(f"| {label:34} | {path:32} | {burst_line(r)} | {'ok' if ok else 'MISSED':6} "
                  f"| {cpu_cell(r)} |")  # fmt: skip
            continue
        if label.startswith("Export"):
            print(
                f"| {label:34} | {path:32} | {r['rows']:,} rows in {r['seconds']:.2f} s (median of "
                f"3), {r['per_10k']:.2f} s per 10,000 rows | {'ok' if ok else 'MISSED':6} |"
            )
            continue
        ratio = r["rps"] / ceiling["rps"]
        print(
            f"| {label:34} | {path:32} | {r['p50']:6.1f} | {r['p95']:6.1f} | {r['p99']:6.1f} "
            f"| {r['rps']:6.1f} | {ratio:9.0%} | {'ok' if ok else 'MISSED':6} | {cpu_cell(r)} |"
        )
    print()
    print(
        "Targets, share of the ceiling's RPS: "
        + ", ".join(f"{label} {share:.0%}" for label, share in TARGET_RATIOS.items())
        + f", back office {TARGET_ADMIN_RATIO:.0%}, other signed-in pages "
        f"{TARGET_PORTAL_RATIO:.0%}; exports <= {TARGET_EXPORT_SECONDS_PER_10K:g} s per 10,000 rows"
        f"; during {BURST_LOGINS} sign-ins at once, every other page's p95 < "
        f"{TARGET_BURST_P95_MS} ms"
    )
    print("CPU app + db: milliseconds of CPU a request cost the gunicorn workers and PostgreSQL.")
    if failures:
        print("Targets missed: " + ", ".join(failures))


def pages_with_queries():
    """Print (as JSON) the pages to measure and each page's number of queries, counted with
    Django's test client as the page's person (the second request, after a warm-up one)."""
    os.environ.update(server_env(os.environ["DATABASE_URL"]))
    pages = discover_pages(dict(os.environ))
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from benchmarks.seed.load import BENCH_EMAIL, STAFF_EMAIL

    clients = {"anonymous": Client(HTTP_HOST="127.0.0.1")}
    logins = (
        ("researcher", BENCH_EMAIL),
        ("staff", STAFF_EMAIL),
        ("account_manager", account_manager_email()),
    )
    for who, email in logins:
        clients[who] = Client(HTTP_HOST="127.0.0.1")
        clients[who].force_login(User.objects.get(email=email))
    queries = {}
    for _label, path, who in pages:
        if path:
            clients[who].get(path)
            with CaptureQueriesContext(connection) as captured:
                response = clients[who].get(path)
            queries[path] = len(captured) if response.status_code == 200 else None
    print(json.dumps([pages, queries]))


if __name__ == "__main__":
    if "--pages-only" in sys.argv:
        pages_with_queries()
    else:
        main()
