from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

INSTRUCTORS_GROUP = "Instructors"
PERMISSION = "view_submissiontestresult"


def _permission(apps, alias):
    # Permissions are normally made after migrating; this migration needs this one now.
    create_permissions(installed_apps.get_app_config("learning"), apps=apps, verbosity=0, using=alias)
    return apps.get_model("auth", "Permission").objects.using(alias).get(
        content_type__app_label="learning", codename=PERMISSION
    )


def grant(apps, schema_editor):
    """Instructors read learners' work, test verdicts included."""
    alias = schema_editor.connection.alias
    group, _ = apps.get_model("auth", "Group").objects.using(alias).get_or_create(name=INSTRUCTORS_GROUP)
    group.permissions.add(_permission(apps, alias))


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    for group in apps.get_model("auth", "Group").objects.using(alias).filter(name=INSTRUCTORS_GROUP):
        group.permissions.remove(_permission(apps, alias))


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0003_submission_test_results"),
        ("accounts", "0003_instructors_group_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
