"""Stripe webhooks: verified, stored once, processed exactly once, safe in any order.

Each handler re-fetches the current object from Stripe and copies its state, so a late or repeated
event never brings back an older state: any order of deliveries ends in the same rows.
"""

from datetime import UTC, datetime

import stripe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from activity.services import activity_record
from activity.types import ActivityType
from codezest.json_input import json_load
from notifications.services import notification_notify
from notifications.types import NotificationType
from payments.models import (
    Invoice,
    InvoiceStatus,
    PaymentMethod,
    PaymentMethodType,
    StripeWebhookEvent,
    Subscription,
    SubscriptionStatus,
    Transaction,
    TransactionStatus,
)
from payments.stripe_api import StripeNotConfigured, plan_for, stripe_client


class WebhookRejected(Exception):
    """Not a genuine, current delivery from Stripe: nothing is stored."""


SUBSCRIPTION_STATUS = {
    "active": SubscriptionStatus.ACTIVE,
    "trialing": SubscriptionStatus.ACTIVE,
    "past_due": SubscriptionStatus.ACTIVE,  # Stripe is still retrying the payment
    "incomplete": SubscriptionStatus.PAUSED,
    "unpaid": SubscriptionStatus.PAUSED,
    "paused": SubscriptionStatus.PAUSED,
    "canceled": SubscriptionStatus.CANCELED,
    "incomplete_expired": SubscriptionStatus.EXPIRED,
}
INVOICE_STATUS = {
    "draft": InvoiceStatus.DRAFT,
    "open": InvoiceStatus.SENT,
    "paid": InvoiceStatus.PAID,
    "uncollectible": InvoiceStatus.OVERDUE,
    "void": InvoiceStatus.CANCELED,
}


def _moment(timestamp: int | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, tz=UTC) if timestamp else None


# Receiving -------------------------------------------------------------------------------------


def webhook_receive(*, payload: bytes, signature: str | None) -> StripeWebhookEvent:
    """Verify a delivery, store it once per Stripe event id, and process it.

    Raises WebhookRejected (bad signature, altered body, stale timestamp, not an event as JSON that can be
    stored) before storing anything; a processing failure is recorded on the event and raised again so
    Stripe retries.
    """
    if not settings.STRIPE_WEBHOOK_SECRET:
        raise StripeNotConfigured("Payments are not available: STRIPE_WEBHOOK_SECRET is not set.")
    try:
        stripe.WebhookSignature.verify_header(
            payload,
            signature or "",
            settings.STRIPE_WEBHOOK_SECRET,
            tolerance=settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        )
        data = json_load(payload, stored=True)
    except (stripe.SignatureVerificationError, ValueError) as error:
        raise WebhookRejected(str(error)) from error
    event = _store(_received(data))
    webhook_process(event=event)
    return event


def _received(data) -> StripeWebhookEvent:
    """The delivery as a row not yet saved, if it has Stripe's envelope (which processing relies on) and fits."""
    body = data.get("data") if isinstance(data, dict) else None
    envelope = isinstance(body, dict) and isinstance(body.get("object"), dict)
    if not envelope or not isinstance(data.get("id"), str) or not isinstance(data.get("type"), str):
        raise WebhookRejected("The body is not a Stripe event (an object with an id, a type and data.object).")
    received = StripeWebhookEvent(stripe_event_id=data["id"], type=data["type"], payload=data)
    try:
        received.full_clean(validate_unique=False)  # a concurrent delivery is met at the insert instead
    except ValidationError as error:
        raise WebhookRejected("The event cannot be kept: " + " ".join(error.messages)) from error
    return received


def _store(received: StripeWebhookEvent) -> StripeWebhookEvent:
    try:
        with transaction.atomic():
            event, _ = StripeWebhookEvent.objects.get_or_create(
                stripe_event_id=received.stripe_event_id,
                defaults={"type": received.type, "payload": received.payload},
            )
    except IntegrityError:  # stored by a concurrent delivery a moment ago
        event = StripeWebhookEvent.objects.get(stripe_event_id=received.stripe_event_id)
    return event


def webhook_process(*, event: StripeWebhookEvent) -> StripeWebhookEvent:
    """Run the event's handler once: concurrent deliveries wait on the row lock, then see it done."""
    with transaction.atomic():
        event = StripeWebhookEvent.objects.select_for_update().get(pk=event.pk)
        if event.processed_at is not None:
            return event
        event.attempts += 1
        try:
            with transaction.atomic():  # a failure rolls back the handler's partial work
                handler = HANDLERS.get(event.type)
                if handler is not None:
                    handler(event.payload["data"]["object"])
        except Exception as error:
            event.error = f"{type(error).__name__}: {error}"
            event.save(update_fields=["attempts", "error"])
            failure = error
        else:
            event.processed_at, event.error = timezone.now(), ""
            event.save(update_fields=["attempts", "processed_at", "error"])
            return event
    raise failure


def webhook_replay(*, event_ids: list[str] | None = None, types: list[str] | None = None) -> tuple[int, int]:
    """Process again the stored events that have not succeeded; returns (succeeded, failed)."""
    events = StripeWebhookEvent.objects.filter(processed_at__isnull=True).order_by("received_at")
    if event_ids:
        events = events.filter(stripe_event_id__in=event_ids)
    if types:
        events = events.filter(type__in=types)
    succeeded = failed = 0
    for event in events:
        try:
            webhook_process(event=event)
            succeeded += 1
        except Exception:  # recorded on the event; the others still run
            failed += 1
    return succeeded, failed


# Handlers --------------------------------------------------------------------------------------


def _fetch(resource: str, object_id: str) -> dict:
    """Stripe's current state of an object, as plain data."""
    return getattr(stripe_client().v1, resource).retrieve(object_id).to_dict()


def _subscription_for_customer(customer_id: str | None) -> Subscription:
    return Subscription.objects.select_for_update().select_related("user").get(stripe_customer_id=customer_id)


def _record_and_notify(
    user: AbstractBaseUser,
    *,
    activity: ActivityType,
    notification: NotificationType,
    title: str,
    message: str = "",
    metadata: dict | None = None,
) -> None:
    """Record the activity in the user's feed and notify them, both under ``title``."""
    activity_record(user=user, type=activity, description=title, metadata=metadata or {})
    notification_notify(user=user, type=notification, title=title, message=message, metadata=metadata or {})


def _apply_subscription(remote) -> Subscription:
    """Copy Stripe's current subscription onto the user's row."""
    subscription = _subscription_for_customer(remote["customer"])
    item = remote["items"]["data"][0]
    plan = plan_for(item["price"]["id"]) or subscription.plan
    status = SUBSCRIPTION_STATUS.get(remote["status"], SubscriptionStatus.PAUSED)
    period_end = item.get("current_period_end") or remote.get("current_period_end")
    was = (subscription.plan, subscription.status)
    subscription.stripe_subscription_id = remote["id"]
    subscription.plan, subscription.status = plan, status
    subscription.started_at = _moment(remote.get("start_date")) or subscription.started_at
    subscription.valid_until = _moment(period_end)
    subscription.canceled_at = _moment(remote.get("canceled_at"))
    subscription.metadata = {**subscription.metadata, "stripe_status": remote["status"]}
    subscription.full_clean()
    subscription.save()
    if was != (plan, status):
        _record_and_notify(
            subscription.user,
            activity=ActivityType.SUBSCRIPTION_CHANGED,
            notification=NotificationType.SUBSCRIPTION_CHANGED,
            title=f"Your plan: {subscription.get_plan_display()} ({subscription.get_status_display()})",
            metadata={"plan": plan, "status": status},
        )
    return subscription


def on_checkout_completed(session) -> None:
    user = get_user_model().objects.get(pk=session["client_reference_id"])
    subscription = Subscription.objects.select_for_update().get(user=user)
    subscription.stripe_customer_id = session["customer"]
    subscription.save(update_fields=["stripe_customer_id", "updated_at"])
    if session.get("subscription"):
        _apply_subscription(_fetch("subscriptions", session["subscription"]))


def on_subscription_event(remote) -> None:
    _apply_subscription(_fetch("subscriptions", remote["id"]))


def on_invoice_event(remote) -> None:
    invoice = _fetch("invoices", remote["id"])
    subscription = _subscription_for_customer(invoice["customer"])
    tax = invoice.get("tax") or 0
    transitions = invoice.get("status_transitions") or {}
    row, _ = Invoice.objects.select_for_update().get_or_create(
        stripe_invoice_id=invoice["id"],
        defaults={"subscription": subscription, "invoice_number": f"draft:{invoice['id']}", "amount": 0, "total": 0},
    )
    was = row.status
    row.invoice_number = invoice.get("number") or row.invoice_number
    row.amount, row.tax, row.total = invoice["total"] - tax, tax, invoice["total"]
    row.currency, row.status = invoice["currency"], INVOICE_STATUS.get(invoice["status"], InvoiceStatus.DRAFT)
    row.invoice_url = invoice.get("invoice_pdf") or invoice.get("hosted_invoice_url") or ""
    row.issued_at = _moment(transitions.get("finalized_at"))
    row.due_at, row.paid_at = _moment(invoice.get("due_date")), _moment(transitions.get("paid_at"))
    row.full_clean()
    row.save()
    if invoice.get("payment_intent") and invoice["status"] == "paid":
        _record_payment(subscription, invoice, TransactionStatus.SUCCEEDED)
    elif invoice.get("payment_intent") and invoice.get("attempted") and invoice["status"] == "open":
        _record_payment(subscription, invoice, TransactionStatus.FAILED)
    if row.status != was and row.status in (InvoiceStatus.PAID, InvoiceStatus.SENT):
        paid = row.status == InvoiceStatus.PAID
        _record_and_notify(
            subscription.user,
            activity=ActivityType.PAYMENT_SUCCESS if paid else ActivityType.INVOICE_ISSUED,
            notification=NotificationType.PAYMENT_SUCCESS if paid else NotificationType.INVOICE_ISSUED,
            title=f"Invoice {row.invoice_number}: {row.get_status_display()}",
            metadata={"invoice_id": str(row.pk)},
        )


def _record_payment(subscription: Subscription, invoice, status: str) -> None:
    """One transaction per payment intent; its status follows Stripe's, never back from a refund."""
    payment, _ = Transaction.objects.select_for_update().get_or_create(
        stripe_payment_intent_id=invoice["payment_intent"],
        defaults={
            "user": subscription.user,
            "subscription": subscription,
            "amount": invoice["total"],
            "currency": invoice["currency"],
            "payment_method": "card",
            "description": f"Invoice {invoice.get('number') or invoice['id']}",
        },
    )
    if payment.status == TransactionStatus.REFUNDED:
        return
    payment.status = status
    payment.amount = invoice.get("amount_paid") or invoice["total"]
    now = timezone.now()
    if status == TransactionStatus.SUCCEEDED:
        payment.paid_at = payment.paid_at or now
    else:
        payment.failed_at = now
        _record_and_notify(
            subscription.user,
            activity=ActivityType.PAYMENT_FAILED,
            notification=NotificationType.PAYMENT_FAILED,
            title="Your payment did not go through",
            metadata={"invoice": invoice["id"]},
        )
    payment.full_clean()
    payment.save()


def on_charge_refunded(remote) -> None:
    charge = _fetch("charges", remote["id"])
    payment = (
        Transaction.objects.select_for_update().filter(stripe_payment_intent_id=charge.get("payment_intent")).first()
    )
    if payment is None or payment.status == TransactionStatus.REFUNDED:
        return
    payment.status, payment.stripe_charge_id = TransactionStatus.REFUNDED, charge["id"]
    payment.full_clean()
    payment.save()
    _record_and_notify(
        payment.user,
        activity=ActivityType.PAYMENT_REFUNDED,
        notification=NotificationType.PAYMENT_REFUNDED,
        title="Your payment was refunded",
        metadata={"transaction_id": str(payment.pk)},
    )


def on_payment_method_event(remote) -> None:
    method = _fetch("payment_methods", remote["id"])
    existing = PaymentMethod.objects.filter(stripe_payment_method_id=method["id"]).first()
    if not method.get("customer"):  # detached
        if existing is not None:
            user = existing.user
            existing.delete()
            _record_and_notify(
                user,
                activity=ActivityType.PAYMENT_METHOD_REMOVED,
                notification=NotificationType.PAYMENT_METHOD_REMOVED,
                title="A payment method was removed",
            )
        return
    subscription = _subscription_for_customer(method["customer"])
    card = method.get("card") or {}
    row = existing or PaymentMethod(user=subscription.user, stripe_payment_method_id=method["id"])
    row.type = PaymentMethodType.CARD if method["type"] == "card" else PaymentMethodType.BANK_TRANSFER
    row.brand, row.last4 = card.get("brand", ""), card.get("last4", "")
    row.expiry_month, row.expiry_year = card.get("exp_month"), card.get("exp_year")
    row.full_clean()
    row.save()
    if existing is None:
        _record_and_notify(
            subscription.user,
            activity=ActivityType.PAYMENT_METHOD_ADDED,
            notification=NotificationType.PAYMENT_METHOD_ADDED,
            title=f"Card •••• {row.last4} added",
        )


HANDLERS = {
    "checkout.session.completed": on_checkout_completed,
    "customer.subscription.created": on_subscription_event,
    "customer.subscription.updated": on_subscription_event,
    "customer.subscription.deleted": on_subscription_event,
    "invoice.created": on_invoice_event,
    "invoice.finalized": on_invoice_event,
    "invoice.paid": on_invoice_event,
    "invoice.payment_failed": on_invoice_event,
    "charge.refunded": on_charge_refunded,
    "payment_method.attached": on_payment_method_event,
    "payment_method.detached": on_payment_method_event,
    "payment_method.updated": on_payment_method_event,
}
