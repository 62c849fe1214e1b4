from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_instructors_group_permissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="last_used_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the token was last used, written at most once per SESSION_TOKEN_TOUCH_INTERVAL.",
                null=True,
                verbose_name="last used at",
            ),
        ),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("last_used_at__isnull", True), ("last_used_at__gte", models.F("created_at")), _connector="OR"
                ),
                name="sessions_last_used_after_created",
            ),
        ),
    ]
