"""Settings read the environment and fail loudly; checked in a fresh interpreter each time."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = "k7#vQ2!mZp9@Lr4$Wx8^Nc3&Hy6*Tb1(Jd5)Gf0-Su"  # noqa: S105 - a test key, 50 characters
KEY += "Ae2Bq9Cz"


def _clean_environ() -> dict:
    unset = {"DATABASE_URL", "DEBUG", "TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {k: v for k, v in os.environ.items() if k not in unset}


def settings_with(env: dict, expr: str = "") -> subprocess.CompletedProcess:
    """The settings made from ``env``; the database's by default, else ``expr`` as JSON."""
    code = (
        "import json, django; from django.conf import settings; "
        "db = settings.DATABASES['default']; "
        "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), "
        "'health': db.get('CONN_HEALTH_CHECKS'), 'max_age': db.get('CONN_MAX_AGE'), "
        "'options': {k: v for k, v in db.get('OPTIONS', {}).items() if k != 'init_command'}, "
        "'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS}))"
    )
    if expr:
        code = f"import json, django; from django.conf import settings; print(json.dumps({expr}))"
    clean = _clean_environ()
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_database_url_uses_sqlite_under_var():
    result = settings_with({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    db = json.loads(result.stdout)
    assert db["engine"] == "django.db.backends.sqlite3"
    assert db["name"].endswith("var/db.sqlite3")
    assert "server_side_binding" not in db["options"]


def test_postgres_url_uses_psycopg_with_health_checks():
    result = settings_with(
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://u:p@db.example:5433/portal",
            "DB_CONN_MAX_AGE": "120",
        }
    )
    assert result.returncode == 0, result.stderr
    db = json.loads(result.stdout)
    # Django's backend, whose health check of a kept connection gives up in time
    assert db["engine"] == "portal.postgresql"
    assert db["name"] == "portal"
    assert db["health"] is True
    assert db["max_age"] == 120
    assert db["options"] == {
        "server_side_binding": True,
        "prepare_threshold": 2,
        "connect_timeout": 5,  # a database that is away: the 503 page, not a hung request
        "options": "-c statement_timeout=20000",  # DB_STATEMENT_TIMEOUT, milliseconds
    }


def test_prepared_statements_can_be_switched_off_for_a_pooler():
    result = settings_with(
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://u:p@db.example:5433/portal",
            "DB_PREPARED_STATEMENTS": "0",
        }
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["options"] == {
        "connect_timeout": 5,
        "options": "-c statement_timeout=20000",
    }


def test_production_without_secret_key_fails_loudly():
    result = settings_with({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_malformed_boolean_fails_loudly():
    result = settings_with({"DEBUG": "misschien"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_unsupported_database_url_is_refused():
    result = settings_with({"DEBUG": "1", "DATABASE_URL": "mysql://u@h/db"})
    assert result.returncode != 0
    assert "DATABASE_URL must be" in result.stderr


def production_example() -> dict:
    env = {}
    for line in (ROOT / ".env.production.example").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value.strip('"')
    return env


def check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**_clean_environ(), **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_example_passes_check_deploy_once_its_key_is_replaced():
    from django.core.management.utils import get_random_secret_key

    result = check_deploy({**production_example(), "SECRET_KEY": get_random_secret_key()})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_placeholder_secret_key_of_the_production_example_fails_check_deploy():
    result = check_deploy(production_example())
    assert result.returncode != 0
    assert "placeholder" in result.stderr + result.stdout


@pytest.mark.parametrize(
    "key",
    [
        "django-insecure-REPLACE-ME-with-a-random-key-of-50-characters-or-more",
        "",
        "kort-maar-willekeurig-4c9f",
        "ab" * 40,
        "django-insecure-" + KEY,
    ],
    ids=["placeholder", "empty", "short", "plain", "insecure-prefix"],
)
def test_without_debug_the_portal_refuses_to_start_with_a_weak_secret_key(key):
    result = settings_with({**production_example(), "SECRET_KEY": key}, expr="settings.DEBUG")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY" in result.stderr
    assert "get_random_secret_key" in result.stderr


def test_with_debug_the_placeholder_is_reported_by_the_deploy_check():
    result = check_deploy({**production_example(), "DEBUG": "1"})
    assert "portal.E001" in result.stdout + result.stderr


def test_without_debug_a_random_secret_key_starts():
    result = settings_with({**production_example(), "SECRET_KEY": KEY}, expr="settings.DEBUG")
    assert result.returncode == 0, result.stderr


def probe_settings(env: dict, expression: str) -> subprocess.CompletedProcess:
    code = f"import json, django; from django.conf import settings; print(json.dumps({expression}))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**_clean_environ(), "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


CACHE = "settings.CACHES['default']"


@pytest.mark.parametrize(
    ("env", "backend", "location"),
    [
        ({"DEBUG": "1", "CACHE_URL": "redis://cache.example:6379/1"},
         "portal.cache.RedisWithFallbackCache", "redis://cache.example:6379/1"),
        ({"DEBUG": "1", "CACHE_URL": "db://"}, "db.DatabaseCache", "cache"),
        ({"DEBUG": "0", "SECRET_KEY": KEY, "CACHE_URL": "locmem://"}, "locmem.LocMemCache",
         "portal"),
        ({"DEBUG": "1"}, "locmem.LocMemCache", "portal"),
        ({"DEBUG": "0", "SECRET_KEY": KEY}, "db.DatabaseCache", "cache"),
    ],
)  # fmt: skip
def test_cache_url_chooses_a_shared_cache(env, backend, location):
    result = probe_settings(env, CACHE)
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    assert cache["BACKEND"] in (f"django.core.cache.backends.{backend}", backend)
    assert cache["LOCATION"] == location


def test_a_cache_url_of_another_kind_is_refused():
    result = probe_settings({"DEBUG": "1", "CACHE_URL": "memcached://x"}, CACHE)
    assert result.returncode != 0
    assert "CACHE_URL must be" in result.stderr


def test_production_example_keeps_rate_limits_in_redis_behind_one_trusted_proxy():
    expression = "[settings.CACHES['default']['BACKEND'], settings.ALLAUTH_TRUSTED_PROXY_COUNT]"
    result = probe_settings({**production_example(), "SECRET_KEY": KEY}, expression)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["portal.cache.RedisWithFallbackCache", 1]


def test_trusted_proxy_count_comes_from_the_environment():
    expression = "settings.ALLAUTH_TRUSTED_PROXY_COUNT"
    assert json.loads(probe_settings({"DEBUG": "1"}, expression).stdout) == 0
    result = probe_settings({"DEBUG": "1", "ALLAUTH_TRUSTED_PROXY_COUNT": "2"}, expression)
    assert json.loads(result.stdout) == 2


@pytest.mark.django_db
def test_postgresql_prepares_a_query_run_again_on_the_connection():
    from django.db import connection

    from projects.models import Project

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for number in (1, 2, 3):
        list(Project.objects.filter(number=number).values_list("title"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%"projects_project"."title"%'],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db(transaction=True)
def test_postgresql_flush_deletes_every_row_without_truncating():
    """Emptying the database (after each test that commits) deletes rows, related ones in any
    order, and truncates no table: a TRUNCATE costs each table and index a new file."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import TeamMemberFactory

    if connection.vendor != "postgresql":
        pytest.skip("SQLite's flush deletes already")
    member = TeamMemberFactory()
    with CaptureQueriesContext(connection) as queries:
        # As Django's TransactionTestCase empties the database after a test.
        call_command(
            "flush",
            interactive=False,
            verbosity=0,
            reset_sequences=False,
            allow_cascade=False,
            inhibit_post_migrate=True,
        )
    flushed = [q["sql"] for q in queries if q["sql"].startswith(("DELETE", "TRUNCATE"))]
    assert flushed and all(sql.startswith("DELETE FROM") for sql in flushed)
    for model in (
        type(member),
        type(member.project),
        type(member.person),
        type(member.person.institution),
    ):
        assert not model.objects.exists(), model


def test_cache_url_gives_the_shared_redis_cache():
    result = settings_with(
        {"DEBUG": "1", "CACHE_URL": "redis://127.0.0.1:6380/2"},
        expr="settings.CACHES['default']",
    )
    assert result.returncode == 0, result.stderr
    cache = json.loads(result.stdout)
    assert cache["BACKEND"] == "portal.cache.RedisWithFallbackCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6380/2"


def test_s3_documents_storage_reads_its_bucket_and_endpoint():
    result = settings_with(
        {
            "DEBUG": "1",
            "DOCUMENTS_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "AWS_STORAGE_BUCKET_NAME": "documenten",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        },
        expr="{k: v for k, v in settings.STORAGES['default']['OPTIONS'].items() "
        "if k != 'client_config'}",
    )
    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout)
    assert options["bucket_name"] == "documenten"
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert options["default_acl"] is None and options["querystring_auth"] is True
