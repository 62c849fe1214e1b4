# One user's notifications in the API's cursor order (newest first by the UUIDv7 key), so a page reads that
# user's rows only. Built concurrently: the table is large and keeps taking writes.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("notifications", "0004_admin_list_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="notification",
            index=models.Index(fields=["user", "-id"], name="notifications_user_cursor_idx"),
        ),
    ]
