"""PostgreSQL knows the titles the project list's search reads (projects migration 0007): with
them it walks the projects by number for a common word instead of reading every match."""

import importlib

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

statistics = importlib.import_module("projects.migrations.0007_project_title_search_statistics")


def test_postgresql_has_statistics_of_the_searched_titles():
    if connection.vendor != "postgresql":
        pytest.skip("statistics of an expression are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stxrelid::regclass::text FROM pg_statistic_ext WHERE stxname = %s",
            [statistics.STATISTICS],
        )
        assert cursor.fetchall() == [("projects_project",)]
