"""Create the staff groups "Microdata medewerker" and "Alleen lezen" (see portal/staff.py).

On a fresh database the permissions do not exist yet while migrating; the post_migrate hook
fills the groups right after. On an existing database this migration fills them at once.
"""

from django.db import migrations


def create_groups(apps, schema_editor):
    from portal.staff import sync_staff_groups

    sync_staff_groups(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
