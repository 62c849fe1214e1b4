"""Reads of the payments context."""

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import PAID_PLANS, Invoice, PaymentMethod, Subscription, SubscriptionPlan, SubscriptionStatus, Transaction


def user_subscription(*, user) -> Subscription:
    return Subscription.objects.get(user=user)


def user_transactions(*, user) -> QuerySet[Transaction]:
    return Transaction.objects.filter(user=user).order_by("-created_at", "-id")


def user_invoices(*, user) -> QuerySet[Invoice]:
    return Invoice.objects.filter(subscription__user=user).order_by("-issued_at", "-id")


def user_payment_methods(*, user) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(user=user).order_by("-is_default", "-created_at")


def plan_in_force(subscription: Subscription | None) -> str:
    """The plan a subscription gives now: a paid plan until its period ends, even once canceled; else FREE.

    The row keeps its history (plan, status, dates); only the answer falls back.
    """
    if subscription is None or subscription.plan == SubscriptionPlan.FREE:
        return SubscriptionPlan.FREE
    current = subscription.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.CANCELED)
    unexpired = subscription.valid_until is None or subscription.valid_until > timezone.now()
    return subscription.plan if current and unexpired else SubscriptionPlan.FREE


def effective_plan(*, user) -> str:
    return plan_in_force(Subscription.objects.filter(user=user).first())


def plan_allows(*, user, feature: str) -> bool:
    """The one place that answers "does this user's plan include this feature"."""
    if feature not in settings.PRO_ONLY_FEATURES:
        return True  # phase 1: FREE has everything not listed as PRO-only
    return effective_plan(user=user) in PAID_PLANS
