"""PostgreSQL statistics on the project list's search of the title (``ProjectAdmin.
search_fields``: Django's ``icontains`` is ``UPPER(title::text) LIKE UPPER('%…%')``).

Without them PostgreSQL cannot know how many titles match and guesses a few (22 of the 4,256
running projects at scale 5 that have "onderzoek" in their title): it then reads every match,
sorts them and keeps the first 50. Knowing the titles, it walks the projects by number and stops
at 50: the searched and filtered list's query 9-10 -> 0.4 ms of database time at scale 5
(``EXPLAIN ANALYZE``, benchmarks/README.md). An index would do the same for the planner, but
no index serves a LIKE with a leading wildcard; this is only what ANALYZE learns of the values.
Other databases have no such statistics (SQLite: nothing to do).
"""

from django.db import migrations

STATISTICS = "projects_project_title_upper"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE STATISTICS IF NOT EXISTS {STATISTICS} ON (UPPER("title"::text)) '
        'FROM "projects_project"'
    )
    # Learned at once, not at autovacuum's next ANALYZE of the table.
    schema_editor.execute('ANALYZE "projects_project"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_project_status_since")]

    operations = [migrations.RunPython(create, drop)]
