from django.db import models

from codezest.db.models import (
    TimestampedModel,
    UUIDModel,
    choices_check,
    created_at_field,
    user_relation,
)
from codezest.db.tables import schema_table

from .types import NotificationType

SCHEMA = "notifications"


class NotificationPriority(models.TextChoices):
    LOW = "LOW", "Low"
    MEDIUM = "MEDIUM", "Medium"
    HIGH = "HIGH", "High"
    URGENT = "URGENT", "Urgent"


class EmailStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    SENT = "SENT", "Sent"
    FAILED = "FAILED", "Failed"
    BOUNCED = "BOUNCED", "Bounced"


class Notification(UUIDModel):
    user = user_relation(related_name="notifications")
    type = models.CharField(max_length=50, choices=NotificationType)
    title = models.CharField(max_length=200)
    message = models.TextField(blank=True, db_default="")
    priority = models.CharField(
        max_length=10,
        choices=NotificationPriority,
        default=NotificationPriority.MEDIUM,
        db_default=NotificationPriority.MEDIUM,
    )
    read = models.BooleanField(default=False, db_default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(default=dict, db_default={}, blank=True)
    created_at = created_at_field()

    class Meta:
        db_table = schema_table(SCHEMA, "notifications")
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-created_at"]
        constraints = [
            choices_check("priority", NotificationPriority, name="notifications_priority_valid"),
            choices_check("type", NotificationType, name="notifications_type_valid"),
            models.CheckConstraint(
                condition=models.Q(read=False) | models.Q(read_at__isnull=False), name="notifications_read_has_time"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notifications_user_newest_idx"),
            # One user's page in the API's cursor order (newest first by the UUIDv7 key).
            models.Index(fields=["user", "-id"], name="notifications_user_cursor_idx"),
            models.Index(
                fields=["user", "-created_at"], condition=models.Q(read=False), name="notifications_unread_idx"
            ),
            # Newest first with the id as tie-breaker, as the admin lists them, overall and per filter.
            models.Index(fields=["-created_at", "-id"], name="notifications_newest_idx"),
            models.Index(fields=["type", "-created_at", "-id"], name="notifications_type_newest_idx"),
            models.Index(fields=["priority", "-created_at", "-id"], name="notifications_prio_newest_idx"),
            models.Index(fields=["read", "-created_at", "-id"], name="notifications_read_newest_idx"),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(TimestampedModel):
    user = user_relation(related_name="notification_preference", one_to_one=True)
    email = models.BooleanField(default=True, db_default=True)
    push = models.BooleanField(default=True, db_default=True)
    sms = models.BooleanField("SMS", default=False, db_default=False)

    class Meta:
        db_table = schema_table(SCHEMA, "notification_preferences")
        verbose_name = "notification preference"
        verbose_name_plural = "notification preferences"
        ordering = ["user_id"]

    def __str__(self):
        return f"Notification preferences of {self.user}"


class EmailLog(UUIDModel):
    to_address = models.EmailField("to")
    from_address = models.EmailField("from", default="noreply@codezest.com", db_default="noreply@codezest.com")
    subject = models.CharField(max_length=255)
    body = models.TextField(blank=True, db_default="")
    status = models.CharField(
        max_length=10, choices=EmailStatus, default=EmailStatus.PENDING, db_default=EmailStatus.PENDING
    )
    provider = models.CharField(max_length=50, blank=True, db_default="", help_text='e.g. "sendgrid", "ses".')
    provider_message_id = models.CharField(max_length=255, blank=True, db_default="")
    error = models.TextField(blank=True, db_default="", help_text="Why sending failed (an addition to the seed).")
    created_at = created_at_field()
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "email_logs")
        verbose_name = "email log"
        verbose_name_plural = "email logs"
        ordering = ["-created_at"]
        constraints = [choices_check("status", EmailStatus, name="email_logs_status_valid")]
        # Newest first with the id as tie-breaker, as the admin lists them, overall and per status.
        indexes = [
            models.Index(fields=["to_address"], name="email_logs_to_address_idx"),
            models.Index(fields=["-created_at", "-id"], name="email_logs_newest_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="email_logs_status_newest_idx"),
        ]

    def __str__(self):
        return f"{self.subject} to {self.to_address}"
