"""Reads of the activity context."""

from django.db.models import QuerySet

from .models import UserActivity


def user_feed(*, user) -> QuerySet[UserActivity]:
    return UserActivity.objects.filter(user=user)
