"""A new migration must leave the running version working (README, deploy without downtime):
during a deploy the migrations are applied first, while the previous version still serves.

So a migration after the baseline below may not remove or rename a column or a table, nor add a
column the previous version does not fill (NOT NULL without a default in the database:
``db_default``), nor make a column NOT NULL. What needs one of these is done in two deploys (add
and start writing, then remove or constrain in the next); such a migration says so with a class
attribute ``deploy_note = "..."`` naming the deploy before it that prepared it.
"""

from pathlib import Path

from django.db import migrations, models
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]
# Per app, the last migration before this check: the deploys of those are history.
BASELINE = {
    "accounts": "0002",
    "agreements": "0001",
    "awareness": "0003",
    "changes": "0001",
    "messaging": "0001",
    "portal": "0005",
    "projects": "0006",
    "requests_inbox": "0004",
}


def breaking(operation) -> str:
    """Why ``operation`` breaks the running version, or '' (AlterField: see the test)."""
    if isinstance(operation, migrations.RemoveField | migrations.DeleteModel):
        return "removes what the running version reads"
    if isinstance(operation, migrations.RenameField | migrations.RenameModel):
        return "renames what the running version reads"
    if isinstance(operation, migrations.AlterModelTable):
        return "moves a table the running version reads"
    if isinstance(operation, migrations.AddField):
        field = operation.field
        fills_itself = field.null or field.db_default is not models.NOT_PROVIDED
        if not (fills_itself or field.many_to_many or field.generated):
            return f"adds {operation.name} NOT NULL without db_default"
    return ""


def own_apps() -> set[str]:
    from django.apps import apps

    root = str(ROOT)
    return {
        config.label
        for config in apps.get_app_configs()
        if config.path.startswith(root) and "/.venv/" not in config.path
    }


def test_new_migrations_keep_the_running_version_working():
    loader = MigrationLoader(None, ignore_no_migrations=True)  # from the files alone
    problems = []
    ours = own_apps()
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in ours or name[:4] <= BASELINE.get(app, "0000"):
            continue
        if getattr(migration, "deploy_note", ""):
            continue
        for operation in migration.operations:
            if isinstance(operation, migrations.AlterField):
                state = loader.project_state((app, name), at_end=False)
                key = (app, operation.model_name_lower)
                before = state.models[key].fields[operation.name]
                if not operation.field.null and before.null:
                    problems.append(f"{app}.{name}: makes {operation.name} NOT NULL")
                continue
            if why := breaking(operation):
                problems.append(f"{app}.{name}: {why}")
    assert not problems, problems


def test_the_check_finds_what_breaks_a_running_version():
    assert breaking(migrations.RemoveField("project", "title"))
    assert breaking(migrations.RenameField("project", "title", "name"))
    assert breaking(migrations.DeleteModel("Project"))
    assert breaking(migrations.AddField("project", "code", models.CharField(max_length=5)))
    assert not breaking(
        migrations.AddField("project", "code", models.CharField(max_length=5, db_default="")),
    )
    assert not breaking(migrations.AddField("project", "code", models.DateField(null=True)))
