"""The unread count read beside a page of notifications: compiled once, it counts each user's own."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from notifications import selectors
from notifications.models import Notification
from tests.accounts.factories import UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def counted_beside_the_rows(user) -> set[int]:
    rows = selectors.user_notifications(user=user).annotate(
        unread_count=selectors.user_unread_count_subquery(user=user)
    )
    return {row.unread_count for row in rows}


def test_each_user_gets_their_own_unread_count():
    first, second = UserFactory(), UserFactory()
    NotificationFactory.create_batch(3, user=first)
    NotificationFactory(user=first, read=True, read_at=timezone.now())
    NotificationFactory(user=second)
    assert counted_beside_the_rows(first) == {3}
    assert counted_beside_the_rows(second) == {1}  # the one compiled SQL, counting the second's
    assert selectors.user_unread_count(user=first) == 3


def test_a_count_compiled_with_a_value_besides_the_user_is_refused(monkeypatch):
    selectors._unread_count_sql.cache_clear()
    monkeypatch.setattr(
        selectors, "_user_unread", lambda *, user: Notification.objects.filter(user=user, read=False, priority="HIGH")
    )
    try:
        with pytest.raises(ImproperlyConfigured, match="a user's id alone"):
            selectors.user_unread_count_subquery(user=UserFactory())
    finally:
        selectors._unread_count_sql.cache_clear()  # compiled again from the real selector by the next caller
