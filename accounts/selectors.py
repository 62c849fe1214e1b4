"""Reads of the accounts context."""

from .models import User


def user_with_profile(*, user_id) -> User:
    return User.objects.select_related("profile").get(pk=user_id)
