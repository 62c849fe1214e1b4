"""Reads of the accounts context."""

from django.db.models import QuerySet
from django.utils import timezone

from .models import Session, User


def user_with_profile(*, user_id) -> User:
    return User.objects.select_related("profile").get(pk=user_id)


def user_active_sessions(*, user: User) -> QuerySet[Session]:
    """The user's sessions that can still be used (not revoked, not expired), newest first."""
    return Session.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()).order_by(
        "-created_at", "-id"
    )
