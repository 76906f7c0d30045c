"""PostgreSQL frozen, not down (every process stopped: the port takes connections, nothing
answers): each app server answers within DB_CONNECT_TIMEOUT, whether its connection was kept or
is new — a signed-in page with the 503 page, logged once; readiness with 503 — and carries on
when the database does."""

import json
import time
import uuid

from accounts.demo import DEMO_PASSWORD
from tests.stack.conftest import wait_until

TIMEOUT = 3  # DB_CONNECT_TIMEOUT of the stack


def log_lines(stack, request_id: str) -> list[dict]:
    lines = []
    for server in "AB":
        for line in stack.web[server].log_path.read_text(errors="replace").splitlines():
            if request_id in line and line.startswith("{"):
                lines.append(json.loads(line))
    return lines


def test_frozen_database_answers_503_within_the_connect_timeout_logged_once(stack):
    people = {server: stack.browser(server) for server in "AB"}
    balancer = {server: stack.browser(server) for server in "AB"}  # no cookies
    for server in "AB":
        assert people[server].login("gerro.dejager@example.nl", DEMO_PASSWORD).status == 302
        for _ in range(4):  # connections kept (DB_CONN_MAX_AGE) by both workers
            assert people[server].get("/projecten/").status == 200
    stack.pg.freeze()
    timings = []
    try:
        for round_ in range(3):  # kept connections first, then new ones
            for server in "AB":
                request_id = f"frozen-{uuid.uuid4().hex}"
                began = time.monotonic()
                page = people[server].get("/projecten/", timeout=30,
                                          headers={"X-Request-ID": request_id})  # fmt: skip
                timings.append(round(time.monotonic() - began, 1))
                assert page.status == 503, (round_, server, page.status, page.text[:300])
                assert "Het portaal is tijdelijk niet beschikbaar" in page.text
                assert timings[-1] < TIMEOUT + 1.5, timings
                time.sleep(0.3)  # the line is written
                lines = [line for line in log_lines(stack, request_id) if line["level"] != "INFO"]
                assert len(lines) == 1, lines  # once, not twice
                assert "answered 503" in lines[0]["message"] and lines[0]["level"] == "WARNING"

                began = time.monotonic()
                ready = balancer[server].get("/readyz", timeout=30)
                timings.append(round(time.monotonic() - began, 1))
                assert ready.status == 503 and timings[-1] < TIMEOUT + 1.5, timings
                assert json.loads(ready.body)["checks"]["database"]["ok"] is False
    finally:
        stack.pg.thaw()
    for server in "AB":
        wait_until(lambda s=server: people[s].get("/projecten/").status == 200, timeout=20,
                   what="the portal back after the database thawed")  # fmt: skip
    print(f"\nanswered after {timings} s (DB_CONNECT_TIMEOUT={TIMEOUT})")  # noqa: T201
