from django.db import migrations

INSTRUCTORS_GROUP = "Instructors"


def create_instructors_group(apps, schema_editor):
    groups = apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias)
    groups.get_or_create(name=INSTRUCTORS_GROUP)


def delete_instructors_group(apps, schema_editor):
    groups = apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias)
    groups.filter(name=INSTRUCTORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_instructors_group, delete_instructors_group)]
