"""The deployment files hang together (no Docker engine here, so a static check)."""

from pathlib import Path

import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_database_web_worker_with_healthchecks_and_a_documents_volume():
    services = compose()["services"]
    assert {"db", "web", "worker", "migrate"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    for name in ("db", "web", "worker"):
        assert "healthcheck" in services[name], name
    for name in ("db", "redis", "web", "worker", "scheduler"):  # restarted when they stop
        assert services[name]["restart"] == "unless-stopped", name
    assert services["migrate"]["restart"] == "no"  # once per deploy
    assert "documents:/data/documents" in services["web"]["volumes"]
    assert "documents:/data/documents" in services["worker"]["volumes"]
    assert services["worker"]["command"][-1] == "python manage.py worker --verbosity 1"
    assert {"pgdata", "documents"} <= set(compose()["volumes"])


def test_compose_database_and_benchmark_share_the_planner_setting():
    """The benchmark's database is planned as the compose stack's (benchmarks/README.md)."""
    from benchmarks.run import RANDOM_PAGE_COST

    command = compose()["services"]["db"]["command"]
    assert command[0] == "postgres"
    assert f"random_page_cost={RANDOM_PAGE_COST}" in command


def test_compose_commands_exist():
    """Every manage.py command the compose file runs is a real command of the project."""
    from django.core.management import get_commands

    commands = get_commands()
    text = (ROOT / "docker-compose.yml").read_text()
    for command in ("worker", "scheduler"):
        assert command in text and command in commands, command


def test_release_script_prepares_files_and_database_in_one_place():
    """bin/release is the one list of steps: the image builds its files with it, compose's
    migrate service runs its database part, and every step is a real command."""
    from django.core.management import get_commands

    release = (ROOT / "bin" / "release").read_text()
    for command in ("compilemessages", "collectstatic", "migrate", "createcachetable"):
        assert f"manage.py {command}" in release and command in get_commands(), command
    assert "RUN bin/release files" in (ROOT / "Dockerfile").read_text()
    assert compose()["services"]["migrate"]["command"] == ["bin/release", "database"]


def test_every_scheduled_job_is_a_real_command():
    from django.core.management import get_commands

    from portal.scheduler import JOBS

    commands = get_commands()
    for job in JOBS.values():
        assert job.command[0] in commands, job.name
    assert any(job.command == ("clearsessions",) for job in JOBS.values())


def test_image_runs_a_production_wsgi_server():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.12" in dockerfile
    assert 'CMD ["gunicorn", "portal.wsgi:application"]' in dockerfile
    assert procfile()["web"] == "gunicorn portal.wsgi:application"  # the same, settings in
    assert "ENV BIND=0.0.0.0" in dockerfile  # inside the container; published on 127.0.0.1


def test_env_example_lists_every_setting_the_settings_read():
    import re

    settings_py = (ROOT / "portal" / "settings.py").read_text()
    read = set(re.findall(r'env(?:_bool|_int|_list)?\(\s*"([A-Z_]+)"', settings_py))
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert read - {"TESTING"} <= listed, sorted(read - listed)


def test_cache_table_command_works(db):
    call_command("createcachetable", verbosity=0)


def test_image_installs_only_the_runtime_packages():
    """pytest, playwright, ruff & co. (the dev extra) stay out of the production image."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert installs and all("-r requirements.lock" not in line for line in installs), installs
    assert any("-c requirements.lock ." in line for line in installs), installs
    assert "[dev]" not in dockerfile


def test_compose_publishes_the_portal_to_this_host_only_and_trusts_one_proxy():
    web = compose()["services"]["web"]
    for port in web["ports"]:
        assert str(port).startswith("127.0.0.1:"), port
    assert web["environment"]["ALLAUTH_TRUSTED_PROXY_COUNT"].endswith("1}")
    assert "redis" in web["depends_on"]
    assert compose()["services"]["redis"]["image"].startswith("redis:")


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_compose_runs_the_procfile_services_exactly():
    """One definition of the services: compose's commands are the Procfile's lines (with
    compose's `$$` for a `$` left to the shell), so honcho, compose and tests/stack cannot drift."""
    services = compose()["services"]
    processes = procfile()
    assert set(processes) == {"web", "worker", "scheduler"}
    for name, line in processes.items():
        assert services[name]["command"] == ["sh", "-c", line.replace("$", "$$")], name


def test_procfile_runs_the_worker_that_delivers_the_mail_outbox():
    from django.core.management import get_commands

    assert procfile()["worker"].startswith("python manage.py worker")
    assert get_commands()["worker"] == "portal"


def test_the_portal_listens_on_this_host_only_unless_told_otherwise(tmp_path):
    """gunicorn.conf.py binds BIND:PORT, 127.0.0.1:8000 by default; both are in .env.example."""
    import json
    import os
    import subprocess
    import sys

    code = (
        "import json, runpy; c = runpy.run_path('gunicorn.conf.py'); "
        "print(json.dumps([c['bind'], c['workers'], c['accesslog']]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"BIND", "PORT", "WEB_CONCURRENCY"}}
    env["PROMETHEUS_MULTIPROC_DIR"] = str(tmp_path)  # none made for this look
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, check=True)  # fmt: skip
    assert json.loads(result.stdout) == ["127.0.0.1:8000", 3, None]
    listed = (ROOT / ".env.example").read_text()
    assert "\nBIND=127.0.0.1\n" in listed and "\nPORT=8000\n" in listed
    assert "\nWEB_CONCURRENCY=" in listed


UNITS = ROOT / "deploy" / "systemd"


def unit(name: str) -> dict[str, str]:
    """A systemd unit's settings (the last of each key)."""
    lines = (UNITS / f"klantportaal-{name}.service").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and line[0] not in "#;")


def test_systemd_units_run_the_procfile_lines_and_restart_what_stops():
    """Hosts without Docker: one unit per Procfile service, each ExecStart the Procfile's line
    (from the checkout's .venv), restarted whenever it stops, after bin/release."""
    for name, line in procfile().items():
        settings = unit(name)
        program, _, arguments = line.partition(" ")
        assert settings["ExecStart"] == f"/srv/klantportaal/.venv/bin/{program} {arguments}", name
        assert settings["Restart"] == "always" and settings["StartLimitIntervalSec"] == "0", name
        assert settings["Requires"] == "klantportaal-release.service", name
        assert settings["EnvironmentFile"] == "/srv/klantportaal/.env", name
    assert unit("release")["ExecStart"] == "/srv/klantportaal/bin/release"
    assert unit("web")["ExecReload"] == "/bin/kill -HUP $MAINPID"  # graceful reload
    assert {p.stem for p in UNITS.glob("*.service")} == {
        f"klantportaal-{name}" for name in [*procfile(), "release"]
    }


def test_systemd_units_are_valid(tmp_path):
    """systemd-analyze verify, with the units pointed at this checkout (it checks that every
    program exists)."""
    import os
    import shutil
    import subprocess

    import pytest

    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    for path in UNITS.glob("*.service"):
        (tmp_path / path.name).write_text(path.read_text().replace("/srv/klantportaal", str(ROOT)))
    result = subprocess.run(
        ["systemd-analyze", "verify", *sorted(str(p) for p in tmp_path.glob("*.service"))],
        env={**os.environ, "SYSTEMD_UNIT_PATH": f"{tmp_path}:"}, cwd=tmp_path,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


SUPERVISORD = ROOT / "deploy" / "supervisord.conf"


def supervisord_programs() -> dict[str, dict[str, str]]:
    from configparser import RawConfigParser

    config = RawConfigParser()
    config.read(SUPERVISORD)
    return {
        section.split(":", 1)[1]: dict(config[section])
        for section in config.sections()
        if section.startswith("program:")
    }


def test_supervisord_runs_the_procfile_lines_and_restarts_what_stops():
    """Hosts without Docker or systemd: one program per Procfile service, each command the
    Procfile's line (from the checkout's .venv, as the systemd units), restarted whenever it
    stops, stopped as gently as its systemd unit (the whole process group)."""
    programs = supervisord_programs()
    assert set(programs) == set(procfile())
    for name, line in procfile().items():
        settings = programs[name]
        program, _, arguments = line.partition(" ")
        assert settings["command"] == f"/srv/klantportaal/.venv/bin/{program} {arguments}", name
        assert settings["command"].split(" ", 1)[1] == unit(name)["ExecStart"].split(" ", 1)[1]
        assert settings["directory"] == unit(name)["WorkingDirectory"], name
        assert settings["autorestart"] == "true" and int(settings["startretries"]) >= 100, name
        assert settings["stopsignal"] == "TERM", name
        assert settings["stopwaitsecs"] == unit(name)["TimeoutStopSec"], name
        assert settings["stopasgroup"] == settings["killasgroup"] == "true", name


def supervisord_config_here(folder: Path) -> Path:
    """deploy/supervisord.conf pointed at this checkout, its logs and socket in ``folder``, run
    as whoever runs the test: written to ``folder`` (its path is kept short for the socket)."""
    import getpass

    text = SUPERVISORD.read_text()
    for placeholder, here in (
        ("/srv/klantportaal", ROOT), ("/var/log/klantportaal", folder / "log"),
        ("/run/klantportaal", folder / "run"), ("user=klantportaal", f"user={getpass.getuser()}"),
    ):  # fmt: skip
        text = text.replace(placeholder, str(here))
    (folder / "log").mkdir(exist_ok=True)
    (folder / "run").mkdir(exist_ok=True)
    path = folder / "supervisord.conf"
    path.write_text(text)
    return path


def test_supervisord_configuration_is_valid(tmp_path):
    """supervisord's own reading of the file (every section and value) as it starts, with the
    file pointed at this checkout (it checks that the folders exist)."""
    from supervisor.datatypes import RestartUnconditionally
    from supervisor.options import ServerOptions

    options = ServerOptions()
    options.realize(args=["-c", str(supervisord_config_here(tmp_path))])
    assert {group.name for group in options.process_group_configs} == set(procfile())
    commands = {
        group.name: group.process_configs[0].command for group in options.process_group_configs
    }
    assert commands["worker"] == f"{ROOT}/.venv/bin/python manage.py worker --verbosity 1"
    restarts = {group.process_configs[0].autorestart for group in options.process_group_configs}
    assert restarts == {RestartUnconditionally}
