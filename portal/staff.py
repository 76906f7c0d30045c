"""The two groups of CBS staff and their permissions, kept in step with the models.

- "Microdata medewerker": add, change, delete and view on every model of our apps, plus the
  user management CBS does in the back office (email addresses, MFA devices, sessions, groups
  read-only) and the task results of the worker.
- "Alleen lezen": only the view permissions of the same models.

``sync_staff_groups()`` runs after every ``migrate`` (post_migrate, connected in
``PortalConfig.ready``), so the permissions of a model added later join the groups by themselves;
migration ``portal.0002_staff_groups`` creates the groups on an existing database.
Permissions given to a group by hand stay: the sync only adds.
"""

from django.db import DEFAULT_DB_ALIAS

EDITOR_GROUP = "Microdata medewerker"
READONLY_GROUP = "Alleen lezen"

# Our own apps: every model, every permission.
OWN_APPS = (
    "portal",
    "accounts",
    "projects",
    "requests_inbox",
    "awareness",
    "agreements",
    "changes",
    "messaging",
    "institutions",
    "reports",
)
# Third-party apps the back office manages: (app label, actions allowed to the editor group).
MANAGED_APPS = {
    "account": ("add", "change", "delete", "view"),  # allauth email addresses
    "mfa": ("delete", "view"),  # staff may remove a lost authenticator, never create one
    "usersessions": ("delete", "view"),  # end a person's sessions
    "django_tasks_database": ("view",),  # see whether mails went out
    "auth": ("view",),  # groups and permissions are set by developers, seen by staff
}


def _codename_action(codename: str) -> str:
    return codename.split("_", 1)[0]


def sync_staff_groups(*, apps=None, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create both groups and add every permission they should have (never removes any)."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editor, _ = Group.objects.using(using).get_or_create(name=EDITOR_GROUP)
    readonly, _ = Group.objects.using(using).get_or_create(name=READONLY_GROUP)

    labels = set(OWN_APPS) | set(MANAGED_APPS)
    permissions = Permission.objects.using(using).filter(content_type__app_label__in=labels)
    editor_ids, readonly_ids = [], []
    for pk, codename, app_label in permissions.values_list(
        "pk", "codename", "content_type__app_label"
    ):
        action = _codename_action(codename)
        if app_label in OWN_APPS or action in MANAGED_APPS.get(app_label, ()):
            editor_ids.append(pk)
        if action == "view":
            readonly_ids.append(pk)
    editor.permissions.add(*editor_ids)
    readonly.permissions.add(*readonly_ids)


def sync_after_migrate(sender, *, using=DEFAULT_DB_ALIAS, apps=None, **kwargs) -> None:
    """post_migrate receiver: run once, after the last app (all permissions exist by then)."""
    from django.apps import apps as global_apps

    app_configs = list(global_apps.get_app_configs())
    if sender is not app_configs[-1]:
        return
    # Our receiver may run before auth's own for this last app: make sure all permissions exist.
    from django.contrib.auth.management import create_permissions

    for app_config in app_configs:
        create_permissions(app_config, verbosity=0, using=using)
    sync_staff_groups(using=using)
