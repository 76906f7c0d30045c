"""Liveness, readiness and the state of the background work, for load balancers and operators.

- ``/healthz`` (liveness): the process answers; no database, no cache. A load balancer or
  supervisor restarts what does not answer it.
- ``/readyz`` (readiness, JSON): every check below. Any *critical* check failing answers 503,
  and the load balancer sends no visitors to this server (database, cache, storage, migrations
  applied: what this server needs to serve a page). The others (worker, scheduler, mail, jobs)
  are the background work's: they say ``"ok": false`` but leave the server in the rotation.
  Anyone sees each check's name and ok; the details (ages, counts, errors) only staff and callers
  with ``Authorization: Bearer <MONITORING_TOKEN>``.
- the back office's page "Health" (``admin:portal_health``) shows the same to staff.

Each check is small and our own: django-health-check would give database, cache and storage,
not the heartbeats, the mail outbox or the scheduled jobs, which are the portal's.
"""

import dataclasses
import hmac
import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from portal.models import Heartbeat, OutgoingMail
from portal.scheduler import JOBS, last_successes

logger = logging.getLogger(__name__)

HEARTBEAT_EVERY = 15  # seconds between a process's heartbeats
HEARTBEAT_STALE = 90  # seconds without one: the process is taken to be gone
MAIL_STALE = timedelta(minutes=15)  # an unsent mail older than this is worth a look
_beats: dict[str, float] = {}


def beat(name: str) -> None:
    """A long-running process is alive: at most one write per HEARTBEAT_EVERY seconds."""
    now = time.monotonic()
    if now - _beats.get(name, -HEARTBEAT_EVERY) < HEARTBEAT_EVERY:
        return
    moment = timezone.now()
    if not Heartbeat.objects.filter(name=name).update(seen_at=moment):
        Heartbeat.objects.get_or_create(name=name, defaults={"seen_at": moment})
    _beats[name] = now


@dataclasses.dataclass
class Result:
    name: str
    ok: bool
    critical: bool
    detail: dict


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {}


def _cache() -> dict:
    key, value = f"readyz:{uuid.uuid4().hex}", "1"
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def _storage() -> dict:
    location = getattr(default_storage, "location", None)
    if location is not None and hasattr(default_storage, "path"):  # a folder
        from pathlib import Path

        folder = Path(location)
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".readyz-{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        probe.unlink()
    else:  # S3: one HEAD request, an error if the bucket or the keys are wrong
        default_storage.exists(f"readyz-{uuid.uuid4().hex}")
    return {"backend": type(default_storage).__name__}


_migrations_applied = False


def _migrations() -> dict:
    """No migration of this code is waiting. Once none is, this process never asks again."""
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return {"ok": False, "unapplied": len(plan)}
        _migrations_applied = True
    return {}


def heartbeat_ages() -> dict[str, float | None]:
    now = timezone.now()
    seen = dict(Heartbeat.objects.values_list("name", "seen_at"))
    return {
        name: (now - seen[name]).total_seconds() if name in seen else None
        for name in ("worker", "scheduler")
    }


def _process(name: str) -> Callable[[], dict]:
    def check() -> dict:
        age = heartbeat_ages()[name]
        return {"ok": age is not None and age < HEARTBEAT_STALE, "seconds_since_heartbeat": age}

    return check


def mail_state() -> dict:
    """The outbox: how many mails wait, the oldest one's age in seconds, how many failed."""
    from django.db.models import Count, Min, Q

    waiting = Q(state__in=[OutgoingMail.State.QUEUED, OutgoingMail.State.SENDING])
    row = OutgoingMail.objects.aggregate(
        waiting=Count("pk", filter=waiting),
        oldest=Min("created_at", filter=waiting),
        failed=Count("pk", filter=Q(state=OutgoingMail.State.FAILED)),
    )
    oldest = (timezone.now() - row["oldest"]).total_seconds() if row["oldest"] else 0.0
    return {"waiting": row["waiting"], "oldest_seconds": round(oldest, 1), "failed": row["failed"]}


def _mail() -> dict:
    state = mail_state()
    return {"ok": state["oldest_seconds"] < MAIL_STALE.total_seconds(), **state}


def _jobs() -> dict:
    now = timezone.now()
    last = last_successes()
    late = [name for name, moment in last.items() if JOBS[name].late(moment, now)]
    return {
        "ok": not late,
        "late": late,
        "last_success": {name: moment and moment.isoformat() for name, moment in last.items()},
    }


# (name, check, critical, needs the database)
CHECKS = [
    ("database", _database, True, True),
    ("cache", _cache, True, False),
    ("storage", _storage, True, False),
    ("migrations", _migrations, True, True),
    ("worker", _process("worker"), False, True),
    ("scheduler", _process("scheduler"), False, True),
    ("mail", _mail, False, True),
    ("jobs", _jobs, False, True),
]


def readiness() -> list[Result]:
    results, database_ok = [], True
    for name, check, critical, needs_database in CHECKS:
        if needs_database and not database_ok:
            results.append(Result(name, False, critical, {"error": "database unavailable"}))
            continue
        try:
            detail = check()
        except Exception as error:  # what failed is the answer
            detail = {"ok": False, "error": (str(error).splitlines() or [type(error).__name__])[0]}
        ok = detail.pop("ok", True)
        if name == "database":
            database_ok = ok
        results.append(Result(name, ok, critical, detail))
    return results


def may_see_details(request) -> bool:
    """Staff, or a caller with the monitoring token (MONITORING_TOKEN; none set: staff only)."""
    token = settings.MONITORING_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given.encode(), token.encode()):
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:  # no database lookup without one
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)
