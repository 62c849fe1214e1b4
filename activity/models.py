from django.db import models

from codezest.db.models import UUIDModel, choices_check, created_at_field, not_blank_check, user_relation
from codezest.db.tables import schema_table

from .types import ActivityType

SCHEMA = "activity"


class UserActivity(UUIDModel):
    user = user_relation(related_name="activities")
    type = models.CharField(max_length=50, choices=ActivityType)
    description = models.TextField(blank=True, db_default="")
    metadata = models.JSONField(default=dict, db_default={}, blank=True)
    created_at = created_at_field()

    class Meta:
        db_table = schema_table(SCHEMA, "user_activities")
        verbose_name = "user activity"
        verbose_name_plural = "user activities"
        ordering = ["-created_at"]
        constraints = [choices_check("type", ActivityType, name="user_activities_type_valid")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="activities_user_newest_idx"),
            # Newest first with the id as tie-breaker, as the admin lists them, overall and per type.
            models.Index(fields=["-created_at", "-id"], name="activities_newest_idx"),
            models.Index(fields=["type", "-created_at", "-id"], name="activities_type_newest_idx"),
            # One user's page in the API's cursor order (newest first by the UUIDv7 key).
            models.Index(fields=["user", "-id"], name="activities_user_cursor_idx"),
        ]

    def __str__(self):
        return f"{self.type} by {self.user}"


class AnalyticsEvent(UUIDModel):
    """Append-only, and the largest table: partitioned by month of ``created_at`` (``codezest.db.partitions``),
    so old months are detached whole. The database's primary key is (id, created_at); Django's is id."""

    partition_by_month = "created_at"

    event_name = models.CharField(max_length=100)
    user = user_relation(related_name="analytics_events", on_delete=models.SET_NULL, null=True)
    properties = models.JSONField(default=dict, db_default={}, blank=True)
    created_at = created_at_field()

    class Meta:
        db_table = schema_table(SCHEMA, "analytics_events")
        verbose_name = "analytics event"
        verbose_name_plural = "analytics events"
        ordering = ["-created_at"]
        constraints = [not_blank_check("event_name", name="analytics_events_name_not_blank")]
        # Newest first, as the admin lists them (ties broken by id), overall and for one event name.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="analytics_events_newest_idx"),
            models.Index(fields=["event_name", "-created_at", "-id"], name="analytics_events_named_idx"),
        ]

    def __str__(self):
        return f"{self.event_name} at {self.created_at:%Y-%m-%d %H:%M}"
