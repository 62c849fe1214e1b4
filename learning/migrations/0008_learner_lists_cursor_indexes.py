# One learner's submissions and attempts in the API's cursor order (newest first by the UUIDv7 key), so a page
# reads that learner's rows only. Built concurrently: the tables are large and keep taking writes.

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("learning", "0007_admin_list_indexes"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="assignmentsubmission",
            index=models.Index(fields=["user", "-id"], name="submissions_user_cursor_idx"),
        ),
        AddIndexConcurrently(
            model_name="mcqattempt",
            index=models.Index(fields=["user", "-id"], name="attempts_user_cursor_idx"),
        ),
    ]
