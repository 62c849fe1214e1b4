"""Subscriptions kept in step with the plan a user pays for."""

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from activity.services import activity_record
from activity.types import ActivityType
from notifications.services import notification_notify
from notifications.types import NotificationType
from payments.models import (
    Invoice,
    InvoiceStatus,
    Subscription,
    SubscriptionPlan,
    SubscriptionStatus,
    Transaction,
    TransactionStatus,
)


def subscription_create_free(*, user: AbstractBaseUser) -> Subscription:
    """Phase 1: every user starts on an ACTIVE FREE plan with no end."""
    subscription = Subscription(
        user=user, plan=SubscriptionPlan.FREE, status=SubscriptionStatus.ACTIVE, started_at=timezone.now()
    )
    subscription.full_clean(validate_unique=False)  # new user: nothing to clash with
    subscription.save()
    return subscription


def invoice_number_next() -> str:
    """INV-<year>-<six digits> from a database sequence, so concurrent payments never collide."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('payments.invoice_number_seq')")
        (number,) = cursor.fetchone()
    return f"INV-{timezone.now():%Y}-{number:06d}"


@transaction.atomic
def subscription_upgrade(
    *,
    subscription: Subscription,
    plan: str,
    amount: int,
    valid_until: datetime | None,
    currency: str = "usd",
    tax: int = 0,
    stripe_customer_id: str | None = None,
    stripe_subscription_id: str | None = None,
    stripe_payment_intent_id: str | None = None,
) -> tuple[Subscription, Transaction, Invoice]:
    """A paid plan starts: the subscription changes, a SUCCEEDED transaction and a PAID invoice are kept."""
    now = timezone.now()
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    subscription.plan, subscription.status = plan, SubscriptionStatus.ACTIVE
    subscription.valid_until, subscription.canceled_at = valid_until, None
    subscription.stripe_customer_id = stripe_customer_id or subscription.stripe_customer_id
    subscription.stripe_subscription_id = stripe_subscription_id or subscription.stripe_subscription_id
    subscription.full_clean()
    subscription.save()

    payment = Transaction(
        user_id=subscription.user_id,
        subscription=subscription,
        amount=amount + tax,
        currency=currency,
        status=TransactionStatus.SUCCEEDED,
        stripe_payment_intent_id=stripe_payment_intent_id,
        payment_method="card",
        description=f"{subscription.get_plan_display()} plan",
        paid_at=now,
    )
    payment.full_clean()
    payment.save()
    invoice = Invoice(
        subscription=subscription,
        invoice_number=invoice_number_next(),
        amount=amount,
        tax=tax,
        total=amount + tax,
        currency=currency,
        status=InvoiceStatus.PAID,
        issued_at=now,
        due_at=now,
        paid_at=now,
    )
    invoice.full_clean()
    invoice.save()

    user = subscription.user
    activity_record(
        user=user,
        type=ActivityType.SUBSCRIPTION_UPGRADED,
        description=f"Upgraded to {plan}",
        metadata={"plan": plan, "invoice": invoice.invoice_number},
    )
    notification_notify(
        user=user,
        type=NotificationType.PAYMENT_SUCCESS,
        title=f"Welcome to {subscription.get_plan_display()}",
        message=f"Payment received: invoice {invoice.invoice_number}.",
        metadata={"invoice_id": str(invoice.pk)},
    )
    return subscription, payment, invoice
