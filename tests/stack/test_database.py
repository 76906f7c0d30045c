"""PostgreSQL stopped and started again while both app servers take reads and writes:
a friendly 503 meanwhile (never a stack trace, never a hang), back by itself, no write lost."""

import datetime
import http.client
import threading
import time
import uuid
from collections import Counter

from accounts.demo import DEMO_PASSWORD
from tests.stack.conftest import wait_until

START = datetime.date.today() + datetime.timedelta(days=30)
END = START + datetime.timedelta(days=365)


def test_postgresql_restart_under_load_loses_no_acknowledged_write(stack):
    run = uuid.uuid4().hex[:8]
    browsers = {}
    for server in "AB":
        browsers[server] = stack.browser(server)
        assert browsers[server].login("piet.bakker@example.nl", DEMO_PASSWORD).status == 302
    acknowledged, problems, statuses = [], [], Counter()
    unavailable_pages = []
    stop = threading.Event()

    def load(server: str):
        browser = browsers[server]
        for number in range(10_000):  # bounded; ends long before, when stop is set
            if stop.is_set():
                return
            title = f"Load {run} {server}{number}"
            data = {"title": title, "start_date": START.isoformat(),
                    "end_date": END.isoformat(), "goal": ""}  # fmt: skip
            for method, path in (("POST", "/projecten/nieuw/"), ("GET", "/projecten/")):
                try:
                    if method == "POST":
                        response = browser.post(path, data, timeout=15)
                    else:
                        response = browser.get(path, timeout=15)
                except (OSError, http.client.HTTPException) as error:  # a hang or a dropped line
                    problems.append((method, repr(error)))
                    continue
                statuses[method, response.status] += 1
                if response.status == 503:
                    unavailable_pages.append(response)
                elif method == "POST" and response.status == 302:
                    acknowledged.append(title)
                elif response.status != 200:
                    problems.append((method, response.status, response.text[:500]))
            time.sleep(0.05)

    threads = [threading.Thread(target=load, args=(server,)) for server in "AB"]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        stack.pg.stop("fast")  # connections cut, port closed
        time.sleep(4)
        stack.pg.start()
        for browser in browsers.values():  # back by itself within seconds
            wait_until(lambda b=browser: b.get("/projecten/").status == 200, timeout=20,
                       what="the portal back after the restart")  # fmt: skip
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not problems, problems[:5]
    assert statuses["POST", 302] and statuses["GET", 200], statuses
    assert unavailable_pages, statuses  # the outage was seen...
    for page in unavailable_pages:  # ...as the friendly page, in both languages
        assert page.headers["Retry-After"] == "10"
        assert "The portal is temporarily unavailable" in page.text
        assert "Het portaal is tijdelijk niet beschikbaar" in page.text
        assert "Traceback" not in page.text and "OperationalError" not in page.text
    stored = stack.sql("SELECT title FROM projects_project WHERE title LIKE %s", (f"Load {run} %",))
    assert sorted(title for (title,) in stored) == sorted(acknowledged)
    half_saved = stack.sql(
        """SELECT p.title FROM projects_project p WHERE p.title LIKE %s AND (
             NOT EXISTS (SELECT 1 FROM projects_teammember t WHERE t.project_id = p.id)
             OR NOT EXISTS (SELECT 1 FROM portal_event e
                            WHERE e.project_id = p.id AND e.verb = 'project.create')
             OR (SELECT count(*) FROM projects_bijlage b WHERE b.project_id = p.id) = 0)""",
        (f"Load {run} %",),
    )
    assert half_saved == []
    assert stack.worker.proc.poll() is None  # the worker waited for the database, it did not die
