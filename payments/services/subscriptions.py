"""Every user's subscription row, made at sign-up; Stripe's webhooks keep it in step afterwards."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils import timezone

from payments.models import Subscription, SubscriptionPlan, SubscriptionStatus


def subscription_create_free(*, user: AbstractBaseUser) -> Subscription:
    """Phase 1: every user starts on an ACTIVE FREE plan with no end."""
    subscription = Subscription(
        user=user, plan=SubscriptionPlan.FREE, status=SubscriptionStatus.ACTIVE, started_at=timezone.now()
    )
    subscription.full_clean(validate_unique=False)  # new user: nothing to clash with
    subscription.save()
    return subscription
