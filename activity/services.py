"""Writes of the activity context: the user's feed and analytics events."""

from django.contrib.auth.base_user import AbstractBaseUser

from .models import AnalyticsEvent, UserActivity
from .types import ActivityType


def activity_record(
    *, user: AbstractBaseUser, type: ActivityType, description: str = "", metadata: dict | None = None
) -> UserActivity:
    activity = UserActivity(user=user, type=type, description=description, metadata=metadata or {})
    activity.full_clean()
    activity.save()
    return activity


def analytics_event_record(
    *, event_name: str, user: AbstractBaseUser | None = None, properties: dict | None = None
) -> AnalyticsEvent:
    event = AnalyticsEvent(event_name=event_name, user=user, properties=properties or {})
    event.full_clean()
    event.save()
    return event
