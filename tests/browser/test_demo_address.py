"""``PORT=127.0.0.1:NNNN bin/demo``: the demo runs there and the links in its mails point there.

Runs the real ``bin/demo`` (its own SQLite database, mail folder and documents in a temporary
folder), approves an account request in the browser as Gerro (an invitation mail), and sends
the reminders with the same ``PORT`` as the README says.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from email import message_from_bytes
from pathlib import Path

import pytest
from django.conf import settings

from accounts.demo import DEMO_PASSWORD

ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _links(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.glob("*")):
        message = message_from_bytes(path.read_bytes())
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                text = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                found += re.findall(r"https?://[^\s\"'<>]+", text)
    return found


@pytest.fixture
def demo_server(tmp_path):
    port = _free_port()
    address = f"127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PORTAL_BASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        PORT=address,
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        MEDIA_ROOT=str(tmp_path / "media"),
        CACHE_URL="locmem://",
    )
    process = subprocess.Popen(
        ["bin/demo"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read().decode()[-3000:]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("bin/demo did not answer within four minutes")
        yield address, env, tmp_path / "mail"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_demo_mail_links_use_the_demos_address(browser, demo_server):
    address, env, mail = demo_server
    context = browser.new_context(base_url=f"http://{address}", locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("gerro.dejager@example.nl")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto("/accountaanvragen/")
    page.locator("form[action*='goedkeuren'] button").first.click()
    page.wait_for_load_state()
    context.close()
    deadline = time.monotonic() + 30  # the outbox hands the mail to the backend after commit
    while time.monotonic() < deadline and not _links(mail):
        time.sleep(0.5)
    invitation = [link for link in _links(mail) if "/uitnodiging/" in link]
    assert invitation, _links(mail)
    assert all(link.startswith(f"http://{address}/") for link in invitation), invitation

    before = set(mail.glob("*"))
    subprocess.run(
        [sys.executable, "manage.py", "send_reminders"],
        cwd=ROOT,
        env={
            **env,
            "DEBUG": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        },
        check=True,
        capture_output=True,
        timeout=120,
    )
    reminders = set(mail.glob("*")) - before
    assert reminders, "send_reminders sent nothing on the demo (10030 ends within 90 days)"
    links = [link for link in _links(mail) if link not in invitation]
    assert links and all(link.startswith(f"http://{address}/") for link in links), links
