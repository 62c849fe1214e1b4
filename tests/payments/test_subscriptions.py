"""Sign-up's FREE subscription, one by one and in bulk; the paid plans listed once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from payments.models import PAID_PLANS, Subscription, SubscriptionPlan
from payments.services import subscription_bulk_create_free
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def terms(subscription: Subscription) -> tuple:
    """What a subscription gives, without its user, id and times."""
    return (
        subscription.plan,
        subscription.status,
        subscription.valid_until,
        subscription.canceled_at,
        subscription.stripe_customer_id,
        subscription.stripe_subscription_id,
        subscription.metadata,
    )


def test_free_subscriptions_in_bulk_are_the_ones_made_one_by_one():
    users = [UserFactory() for _ in range(3)]  # sign-up made each one's subscription one by one
    one_by_one = [terms(subscription) for subscription in Subscription.objects.filter(user__in=users)]
    Subscription.objects.filter(user__in=users).delete()

    made = subscription_bulk_create_free(users=users)

    stored = Subscription.objects.filter(user__in=users)
    assert sorted(s.user_id for s in stored) == sorted(user.pk for user in users) == sorted(s.user_id for s in made)
    assert [terms(subscription) for subscription in stored] == one_by_one
    assert one_by_one[0] == ("FREE", "ACTIVE", None, None, None, None, {})
    assert all(subscription.started_at is not None for subscription in stored)


def test_free_subscriptions_in_bulk_refuse_a_user_who_has_one_and_make_none():
    fresh, signed_up = UserFactory(), UserFactory()
    Subscription.objects.filter(user=fresh).delete()
    with pytest.raises(IntegrityError, match="subscriptions_user_id_key"):
        subscription_bulk_create_free(users=[fresh, signed_up])
    assert not Subscription.objects.filter(user=fresh).exists()


def test_the_paid_plans_are_pro_then_enterprise_in_the_api_schema_too(client):
    assert PAID_PLANS == (SubscriptionPlan.PRO, SubscriptionPlan.ENTERPRISE)
    document = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert document["components"]["schemas"]["CheckoutRequestPlanEnum"]["enum"] == ["PRO", "ENTERPRISE"]


def test_free_subscriptions_in_bulk_refuse_a_user_who_does_not_exist():
    from accounts.models import User

    with pytest.raises(ValidationError) as raised:
        subscription_bulk_create_free(users=[User(email="nobody@example.com")])  # never saved
    assert "user" in raised.value.message_dict
