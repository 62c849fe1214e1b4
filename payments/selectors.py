"""Reads of the payments context."""

from django.db.models import QuerySet

from .models import Invoice, PaymentMethod, Subscription, Transaction


def user_subscription(*, user) -> Subscription:
    return Subscription.objects.get(user=user)


def user_transactions(*, user) -> QuerySet[Transaction]:
    return Transaction.objects.filter(user=user).order_by("-created_at", "-id")


def user_invoices(*, user) -> QuerySet[Invoice]:
    return Invoice.objects.filter(subscription__user=user).order_by("-issued_at", "-id")


def user_payment_methods(*, user) -> QuerySet[PaymentMethod]:
    return PaymentMethod.objects.filter(user=user).order_by("-is_default", "-created_at")
