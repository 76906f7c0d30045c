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
    assert "documents:/data/documents" in services["web"]["volumes"]
    assert "documents:/data/documents" in services["worker"]["volumes"]
    assert services["worker"]["command"][-1] == "db_worker"
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
    for command in (
        "migrate",
        "createcachetable",
        "db_worker",
        "send_reminders",
        "send_cbs_digest",
    ):
        assert command in text and command in commands, command


def test_image_runs_a_production_wsgi_server():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.12" in dockerfile
    assert '"gunicorn", "portal.wsgi:application"' in dockerfile
    assert "collectstatic" in dockerfile and "compilemessages" in dockerfile


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
