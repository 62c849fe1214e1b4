"""Every user's subscription row, made at sign-up; Stripe's webhooks keep it in step afterwards."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from codezest.db.bulk import uuid7_at
from codezest.db.models import users_check_exist
from payments.models import Subscription, SubscriptionPlan, SubscriptionStatus


def _free_subscription(user: AbstractBaseUser, *, started_at) -> Subscription:
    """Phase 1: every user starts on an ACTIVE FREE plan with no end."""
    return Subscription(user=user, plan=SubscriptionPlan.FREE, status=SubscriptionStatus.ACTIVE, started_at=started_at)


def subscription_create_free(*, user: AbstractBaseUser) -> Subscription:
    """A new user's ACTIVE FREE subscription, with no end."""
    subscription = _free_subscription(user, started_at=timezone.now())
    subscription.full_clean(validate_unique=False)  # new user: nothing to clash with
    subscription.save()
    return subscription


@transaction.atomic
def subscription_bulk_create_free(*, users: Iterable[AbstractBaseUser]) -> list[Subscription]:
    """New users' subscriptions in a few INSERTs, as ``subscription_create_free`` makes each, each
    started when its user was made (the user's ``created_at``).

    The field rules run in Python for every row and the users are looked up in one query; the CHECKs
    on plan and status and the one row per user are PostgreSQL's, which refuses the whole INSERT.
    """
    subscriptions = []
    for user in users:
        subscription = _free_subscription(user, started_at=user.created_at)
        subscription.id, subscription.created_at = uuid7_at(user.created_at), user.created_at
        subscriptions.append(subscription)
    for subscription in subscriptions:
        subscription.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    users_check_exist({subscription.user_id for subscription in subscriptions})
    return Subscription.objects.bulk_create(subscriptions, batch_size=2000)
