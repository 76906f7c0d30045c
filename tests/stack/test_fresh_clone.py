"""The README's way without Docker, as written, on a fresh clone: its lines run one by one in a
shell (the shared .venv stands in for the line that makes one), `.env` edited as an operator
would (the stack's database, Redis and mail server), then `honcho start`: the home page and its
CSS answer on BIND:PORT, from the static files bin/release collected."""

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.stack.conftest import ROOT, Browser, free_ports, wait_until

MARK = "<!-- tests/stack/test_fresh_clone.py runs the next block -->"


def readme_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    block = readme.split(MARK, 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


def edit_env(path: Path, **values: str):
    lines = path.read_text().splitlines()
    for key, value in values.items():
        lines = [line for line in lines if not line.startswith(f"{key}=")] + [f"{key}={value}"]
    path.write_text("\n".join(lines) + "\n")


def test_readme_without_docker_on_a_fresh_clone_serves_the_home_page_with_its_css(stack, tmp_path):
    clone = tmp_path / "klantportaal"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    stack.sql("CREATE DATABASE fresh_clone", database="postgres")
    (port,) = free_ports(1)
    # Only what a shell on a fresh machine has: no settings, no virtualenv on the PATH.
    env = {"PATH": os.defpath + ":/usr/local/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    prefix, honcho = [], None
    lines = readme_lines()
    assert lines[0].startswith("python3.12 -m venv .venv") and lines[-1] == "honcho start"
    try:
        for line in lines:
            if line.startswith("python3.12 -m venv .venv"):  # the shared, installed one
                (clone / ".venv").symlink_to(sys.prefix)
                continue
            if line.startswith(". "):
                prefix.append(line)
                continue
            script = " && ".join([*prefix, line])
            if line == "honcho start":
                log = (tmp_path / "honcho.log").open("wb")
                honcho = subprocess.Popen(
                    ["bash", "-c", script], cwd=clone, env=env, stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
                continue
            result = subprocess.run(["bash", "-c", script], cwd=clone, env=env,
                                    capture_output=True, text=True, timeout=900)  # fmt: skip
            assert result.returncode == 0, (
                f"{line}:\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
            )
            if line.startswith("cp .env.example .env"):  # the operator sets what the line says
                edit_env(
                    clone / ".env",
                    SECRET_KEY="fresh-clone-" + "k" * 50,
                    DATABASE_URL=stack.pg.url("fresh_clone"),
                    CACHE_URL=stack.env["CACHE_URL"],
                    EMAIL_HOST="127.0.0.1", EMAIL_PORT=stack.env["EMAIL_PORT"], EMAIL_USE_TLS="0",
                    MEDIA_ROOT=str(tmp_path / "documents"),
                    PORT=str(port),
                )  # fmt: skip
        browser = Browser(port)

        def home():
            with contextlib.suppress(OSError):
                return browser.get("/", timeout=5)
            assert honcho.poll() is None, (tmp_path / "honcho.log").read_text()[-3000:]

        page = wait_until(home, timeout=60, what="the home page")
        assert page.status == 200, page.text[:1000]
        assert "CBS Microdata" in page.text
        css = re.search(r'href="(/static/css/portal\.[0-9a-f]+\.css)"', page.text)
        assert css, "the stylesheet's hashed name (collected static files)"
        stylesheet = browser.get(css.group(1))
        assert stylesheet.status == 200 and "text/css" in stylesheet.headers["Content-Type"]
        assert browser.get("/readyz").status == 200
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True,
                                   text=True, check=False).stdout  # fmt: skip
        assert listening and all("127.0.0.1:" in line for line in listening.splitlines()), listening
        time.sleep(1)
    finally:
        if honcho and honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGTERM)
            try:
                honcho.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(honcho.pid, signal.SIGKILL)
