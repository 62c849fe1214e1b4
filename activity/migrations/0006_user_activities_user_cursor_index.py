# One user's activity feed in the API's cursor order (newest first by the UUIDv7 key), so a page reads that
# user's rows only. Built concurrently: the table is large and keeps taking writes.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("activity", "0005_user_activities_admin_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="useractivity",
            index=models.Index(fields=["user", "-id"], name="activities_user_cursor_idx"),
        ),
    ]
