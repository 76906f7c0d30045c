"""The production stack as processes on 127.0.0.1, started once for tests/stack, broken on purpose.

Run: ``STACK_TESTS=1 .venv/bin/python -m pytest tests/stack`` (``.ci/run`` does, once). Without
STACK_TESTS the folder is not collected (``bin/test`` stays fast).

What runs, each on a free port of 127.0.0.1, everything in one temporary folder, stopped at the end:
- PostgreSQL: a throwaway cluster of our own (initdb, trust), never the machine's 5432;
- Redis: our own redis-server (the shared cache), never the machine's 6379;
- SMTP: ``tests/stack/smtp_server.py`` (aiosmtpd), mail as files;
- S3: moto's server, the documents through django-storages;
- ``bin/release`` (translations, static files, migrations), then from the Procfile: the
  ``worker`` and the ``web`` line twice (app servers A and B), with the settings of
  ``.env.production.example`` adapted (``stack_environment``).
"""

import contextlib
import glob
import http.client
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parents[2]
HOST = "portal.example.nl"
MONITORING_TOKEN = "stack-monitoring-token-0123456789"

collect_ignore_glob = [] if os.environ.get("STACK_TESTS") else ["test_*.py"]


def free_ports(count: int) -> list[int]:
    """``count`` different free ports: all held open while they are chosen, since a port let go
    may be handed out again (a stack whose web server got Redis's port saw every request to it
    closed unanswered)."""
    with contextlib.ExitStack() as held:
        probes = [held.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]


def wait_until(condition, *, timeout: float, interval: float = 0.2, what: str = "condition"):
    """Poll ``condition`` until it returns something true; a bounded loop."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")
        time.sleep(interval)


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and line[0] != "#")


class Process:
    """One service as a process group (so a kill reaches gunicorn's workers too)."""

    def __init__(self, name: str, args: list[str], *, env: dict, logs: Path, port=None):
        self.name, self.args, self.env, self.port = name, args, env, port
        self.log_path = logs / f"{name}.log"
        self.proc = None

    def start(self, *, wait: float = 60, ready=None):
        """Start, and wait until the port answers; ``ready`` (a callable) until it says the
        service itself answers there, not something else that took the port meanwhile."""
        log = open(self.log_path, "ab")  # noqa: SIM115 - the child writes to it
        self.proc = subprocess.Popen(
            self.args, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        log.close()
        if self.port:
            answers = ready or (lambda: port_open(self.port))
            wait_until(lambda: self._check_alive() and answers(), timeout=wait,
                       what=f"{self.name} on port {self.port}")  # fmt: skip
        return self

    def _check_alive(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"{self.name} exited:\n{self.log_tail()}")
        return True

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def signal(self, signum):
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signum)

    def stop(self, *, kill: bool = False, timeout: float = 15):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.signal(signal.SIGCONT)
        self.signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.proc.wait(timeout=timeout)
        if self.port:
            wait_until(lambda: not port_open(self.port), timeout=timeout, what=f"{self.name} down")


def _healthy(port: int) -> bool:
    """The portal itself answers on this port, ready (its readiness reads the database)."""
    try:
        return Browser(port).get("/readyz", timeout=5).status == 200
    except (OSError, http.client.HTTPException):  # not up yet, or not the portal answering
        return False


class Postgres:
    """A PostgreSQL cluster of our own in a temporary folder (initdb, trust, its own port)."""

    def __init__(self, folder: Path, port: int):
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version)[-1])
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.as_postgres = []
        folder.mkdir()
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
            os.chmod(folder.parent, 0o711)  # noqa: S103 - traverse only
            owner = pwd.getpwnam("postgres")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip

    def _run(self, program: str, *args: str):
        subprocess.run([*self.as_postgres, str(self.bin / program), *args], check=True,
                       cwd=self.folder, stdout=subprocess.DEVNULL)  # fmt: skip

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder}"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-t", "60",
                  "-o", options, "start")  # fmt: skip

    def stop(self, mode: str = "fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def processes(self) -> list[int]:
        """The postmaster and its children (backends, checkpointer, ...)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, IndexError, ValueError):
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                    children.append(int(stat.parent.name))
        return [postmaster, *children]

    def freeze(self):
        """Frozen, not down: every process stopped (SIGSTOP); the port still takes connections,
        nothing answers them."""
        for pid in self.processes():
            os.kill(pid, signal.SIGSTOP)

    def thaw(self):
        for pid in self.processes():
            os.kill(pid, signal.SIGCONT)

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def query(self, database: str, sql: str, params=()):
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else None


def _version(path: str) -> float:
    return float(Path(path).parent.name)


def stack_environment(**overrides) -> dict:
    """``.env.production.example`` as the services read it, adapted to this machine."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    for line in (ROOT / ".env.production.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value.strip().strip('"')
    # The example's placeholder key would be refused (portal.settings): a fresh one, as in CI.
    env["SECRET_KEY"] = get_random_secret_key()
    env.update({"PYTHONUNBUFFERED": "1", "TESTING": "0", "DEBUG": "0"}, **overrides)
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    return env


class Stack:
    def __init__(self, folder: Path):
        self.folder = folder
        self.logs = folder / "logs"
        self.logs.mkdir()
        self.mail = folder / "mail"
        self.mail.mkdir()
        self.processes: list[Process] = []
        self.timings: dict[str, float] = {}
        pg_port, self.redis_port, self.smtp_port, self.s3_port, web_a, web_b = free_ports(6)
        self.pg = Postgres(folder / "pg", pg_port)
        self.web_ports = {"A": web_a, "B": web_b}
        self.bucket = "documents"
        self.env = stack_environment(
            DATABASE_URL=self.pg.url("klantportaal"),
            DB_CONNECT_TIMEOUT="3",
            CACHE_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(self.smtp_port),
            EMAIL_USE_TLS="0",
            EMAIL_TIMEOUT="3",
            MAIL_RETRY_SECONDS="1",
            MAIL_MAX_ATTEMPTS="8",
            DOCUMENTS_STORAGE_BACKEND="storages.backends.s3.S3Storage",
            AWS_STORAGE_BUCKET_NAME=self.bucket,
            AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{self.s3_port}",
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID="stack",
            AWS_SECRET_ACCESS_KEY="stack-secret",
            AWS_S3_TIMEOUT="2",
            # The stack tests sign in with a password; MFA has its own tests in the suite.
            MFA_REQUIRED="0",
            BIND="127.0.0.1",
            WEB_CONCURRENCY="2",
            MONITORING_TOKEN=MONITORING_TOKEN,
        )

    # --- services ---------------------------------------------------------------------------
    def add(self, name, args, *, port=None, env=None) -> Process:
        process = Process(name, args, env=env or self.env, logs=self.logs, port=port)
        self.processes.append(process)
        return process

    def start(self):
        self.pg.start()
        self.pg.query("postgres", "CREATE DATABASE klantportaal")
        self.redis = self.add("redis", ["redis-server", "--port", str(self.redis_port), "--bind",
                              "127.0.0.1", "--save", "", "--appendonly", "no"],
                              port=self.redis_port).start()  # fmt: skip
        self.smtp = self.add("smtp", [sys.executable, str(ROOT / "tests/stack/smtp_server.py"),
                             "--port", str(self.smtp_port), "--folder", str(self.mail)],
                             port=self.smtp_port).start()  # fmt: skip
        self.s3 = self.add("s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                           str(self.s3_port)], port=self.s3_port).start()  # fmt: skip
        self.s3_client().create_bucket(Bucket=self.bucket)
        began = time.monotonic()
        release = subprocess.run([str(ROOT / "bin" / "release")], cwd=ROOT, env=self.env,
                                 capture_output=True, text=True, timeout=900)  # fmt: skip
        if release.returncode:
            raise AssertionError(f"bin/release failed:\n{release.stderr[-4000:]}")
        self.timings["release"] = round(time.monotonic() - began, 1)
        began = time.monotonic()
        self.manage("load_demo", "--i-know")
        self.timings["load_demo"] = round(time.monotonic() - began, 1)
        lines = procfile()
        self.worker = self.add("worker", ["sh", "-c", lines["worker"]]).start()
        self.web = {
            name: self.add(
                f"web-{name}",
                ["sh", "-c", lines["web"]],
                port=port,
                env={**self.env, "PORT": str(port)},
            ).start(ready=lambda port=port: _healthy(port))  # fmt: skip
            for name, port in self.web_ports.items()
        }

    def stop(self):
        for process in reversed(self.processes):
            with contextlib.suppress(Exception):  # stop the others whatever happens
                process.stop()
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg.stop("immediate")

    def manage(self, *args, env=None, check=True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env or self.env,
            capture_output=True, text=True, timeout=900,  # collectstatic: minutes when busy
        )  # fmt: skip
        if check and result.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
        return result

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3", endpoint_url=f"http://127.0.0.1:{self.s3_port}", region_name="us-east-1",
            aws_access_key_id="stack", aws_secret_access_key="stack-secret",
        )  # fmt: skip

    def sql(self, query: str, params=(), database: str = "klantportaal"):
        return self.pg.query(database, query, params)

    # --- mail -------------------------------------------------------------------------------
    def outbox(self, recipient: str):
        """The portal's newest outgoing mail to ``recipient``: (state, attempts, message_id)."""
        rows = self.sql(
            "SELECT state, attempts, message_id, last_error FROM portal_outgoingmail "
            'WHERE "to"::jsonb ? %s ORDER BY id DESC LIMIT 1',
            (recipient,),
        )
        return rows[0] if rows else None

    def delivered(self, message_id: str) -> int:
        """How many messages with this Message-ID the SMTP server accepted."""
        needle = f"Message-ID: {message_id}".encode()
        return sum(needle in path.read_bytes() for path in self.mail.glob("*.eml"))

    def rcpt_count(self, address: str) -> int:
        """How often the SMTP server was asked to take mail for ``address``."""
        log = self.mail / "rcpt.log"
        lines = log.read_text().splitlines() if log.exists() else []
        return sum(line.split(" ", 1)[1].strip("<>") == address for line in lines)

    def browser(self, server: str = "A") -> "Browser":
        return Browser(self.web_ports[server])


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Browser:
    """A small HTTP client for the app servers: cookies kept by hand (they are __Host- and
    Secure, and we speak plain HTTP to 127.0.0.1 as a TLS-terminating proxy would)."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port = port
        self.cookies = dict(cookies or {})

    def on(self, port: int) -> "Browser":
        """The same person (cookies) talking to another app server."""
        return Browser(port, self.cookies)

    def request(self, method: str, path: str, *, body: bytes = b"", content_type: str = "",
                timeout: float = 20, headers: dict | None = None) -> Response:  # fmt: skip
        headers = {
            "Host": HOST, "X-Forwarded-Proto": "https", "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}", "Accept-Language": "nl", **(headers or {}),
        }  # fmt: skip
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            result = Response(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in result.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return result

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def csrf_token(self, path: str) -> str:
        if not any(name.endswith("csrftoken") for name in self.cookies):
            self.get(path)
        return next(v for k, v in self.cookies.items() if k.endswith("csrftoken"))

    def post(self, path: str, data: dict, *, files: dict | None = None, **kwargs) -> Response:
        data = {"csrfmiddlewaretoken": self.csrf_token(path), **data}
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in data.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                             f"\r\n\r\n{value}\r\n".encode())  # fmt: skip
            for name, (filename, content) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                             f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
                             + content + b"\r\n")  # fmt: skip
            parts.append(f"--{boundary}--\r\n".encode())
            multipart = f"multipart/form-data; boundary={boundary}"
            return self.request("POST", path, body=b"".join(parts), content_type=multipart,
                                **kwargs)  # fmt: skip
        return self.request("POST", path, body=urlencode(data).encode(),
                            content_type="application/x-www-form-urlencoded", **kwargs)  # fmt: skip

    def login(self, email: str, password: str) -> Response:
        return self.post("/accounts/login/", {"login": email, "password": password})


@pytest.fixture(scope="session")
def stack():
    folder = Path(tempfile.mkdtemp(prefix="kp-stack-"))
    started = time.monotonic()
    stack = Stack(folder)
    try:
        stack.start()
        took = f"{time.monotonic() - started:.0f} s {stack.timings}"
        print(f"\nstack up in {took} ({folder})")  # noqa: T201
        yield stack
    except BaseException:
        for process in stack.processes:
            sys.stderr.write(f"--- {process.name} ---\n{process.log_tail(2000)}\n")
        raise
    finally:
        stack.stop()
        if os.environ.get("STACK_KEEP_LOGS"):
            sys.stderr.write(f"stack logs kept in {stack.logs}\n")
        else:
            shutil.rmtree(folder, ignore_errors=True)
