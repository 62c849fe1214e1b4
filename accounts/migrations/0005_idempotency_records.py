import django.contrib.postgres.functions
import django.core.validators
import django.db.models.deletion
import django.db.models.functions.datetime
import django.utils.timezone
import uuid6
from django.conf import settings
from django.db import migrations, models

import codezest.db.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_session_last_used_at"),
    ]

    operations = [
        migrations.CreateModel(
            name="IdempotencyRecord",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        db_default=django.contrib.postgres.functions.RandomUUID(),
                        default=uuid6.uuid7,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        help_text="The Idempotency-Key header as sent.",
                        max_length=255,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[!-~]{1,255}$",
                                "Send 1 to 255 printable ASCII characters without spaces, such as a UUID.",
                            )
                        ],
                    ),
                ),
                (
                    "request_hash",
                    models.CharField(
                        help_text="HMAC-SHA256 (hex) of the method, path and body, keyed by the SECRET_KEY.",
                        max_length=64,
                        validators=[django.core.validators.RegexValidator("^[0-9a-f]{64}$", "A hex SHA-256 digest.")],
                    ),
                ),
                ("method", models.CharField(max_length=10)),
                ("path", models.CharField(max_length=2000)),
                ("response_status", models.PositiveSmallIntegerField(blank=True, null=True)),
                (
                    "response_body",
                    models.TextField(
                        blank=True,
                        db_default="",
                        default="",
                        help_text="The first response's body as JSON text, empty for none (text, not jsonb: a replay "
                        "keeps its key order).",
                    ),
                ),
                (
                    "response_headers",
                    models.JSONField(
                        blank=True,
                        db_default={},
                        default=dict,
                        help_text="Headers of the first response to replay (Location).",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now(),
                        default=django.utils.timezone.now,
                        editable=False,
                        verbose_name="created at",
                    ),
                ),
                ("completed_at", models.DateTimeField(blank=True, null=True)),
                ("expires_at", models.DateTimeField()),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who sent it; empty for anonymous requests, which are keyed by the key alone.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="idempotency_records",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "idempotency record",
                "verbose_name_plural": "idempotency records",
                "db_table": 'auth"."idempotency_records',
                "ordering": ["-created_at"],
                "indexes": [models.Index(fields=["expires_at"], name="idempotency_records_expiry_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("user", "key"), name="idempotency_records_user_key_unique", nulls_distinct=False
                    ),
                    codezest.db.models.FieldCheckConstraint(
                        condition=models.Q(("key", ""), _negated=True),
                        field="key",
                        name="idempotency_records_key_not_blank",
                        violation_error_message="This field is required.",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("request_hash__regex", "^[0-9a-f]{64}$")),
                        name="idempotency_records_hash_is_hex",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("completed_at__isnull", True), ("response_status__isnull", True)),
                            models.Q(
                                ("completed_at__isnull", False),
                                ("response_status__gte", 100),
                                ("response_status__isnull", False),
                                ("response_status__lte", 599),
                            ),
                            _connector="OR",
                        ),
                        name="idempotency_records_completed_has_status",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("expires_at__gt", models.F("created_at"))),
                        name="idempotency_records_expire_after",
                    ),
                ],
            },
        ),
    ]
