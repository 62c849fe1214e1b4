"""A queryable copy of what Stripe knows: subscriptions, transactions, invoices, payment methods."""

from django.db import models
from django.db.models.functions import Coalesce

from codezest.db.models import (
    FieldCheckConstraint,
    TimestampedModel,
    UUIDModel,
    choices_check,
    created_at_field,
    range_check,
    user_relation,
)
from codezest.db.tables import schema_table

SCHEMA = "payments"
CURRENCY_PATTERN = r"^[a-z]{3}$"


class SubscriptionPlan(models.TextChoices):
    FREE = "FREE", "Free"
    PRO = "PRO", "Pro"
    ENTERPRISE = "ENTERPRISE", "Enterprise"


# The plans a user pays for, in the order they are offered; FREE is everyone's at sign-up.
PAID_PLANS = (SubscriptionPlan.PRO, SubscriptionPlan.ENTERPRISE)


class SubscriptionStatus(models.TextChoices):
    ACTIVE = "ACTIVE", "Active"
    CANCELED = "CANCELED", "Canceled"
    EXPIRED = "EXPIRED", "Expired"
    PAUSED = "PAUSED", "Paused"


class TransactionStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    PROCESSING = "PROCESSING", "Processing"
    SUCCEEDED = "SUCCEEDED", "Succeeded"
    FAILED = "FAILED", "Failed"
    REFUNDED = "REFUNDED", "Refunded"


class InvoiceStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    SENT = "SENT", "Sent"
    PAID = "PAID", "Paid"
    OVERDUE = "OVERDUE", "Overdue"
    CANCELED = "CANCELED", "Canceled"


class PaymentMethodType(models.TextChoices):
    CARD = "CARD", "Card"
    PAYPAL = "PAYPAL", "PayPal"
    BANK_TRANSFER = "BANK_TRANSFER", "Bank transfer"


def currency_field() -> models.CharField:
    return models.CharField(max_length=3, default="usd", db_default="usd", help_text="ISO 4217 code, lowercase.")


def currency_check(*, name: str) -> FieldCheckConstraint:
    return FieldCheckConstraint(
        field="currency",
        condition=models.Q(currency__regex=CURRENCY_PATTERN),
        name=name,
        violation_error_message="Use a 3-letter lowercase ISO 4217 code, such as usd.",
    )


def stripe_id_field(verbose_name: str) -> models.CharField:
    """An optional Stripe object id, unique when present (NULL, not "", when absent)."""
    return models.CharField(verbose_name, max_length=255, unique=True, null=True, blank=True)


class Subscription(TimestampedModel):
    user = user_relation(related_name="subscription", one_to_one=True)
    plan = models.CharField(
        max_length=20, choices=SubscriptionPlan, default=SubscriptionPlan.FREE, db_default=SubscriptionPlan.FREE
    )
    status = models.CharField(
        max_length=20,
        choices=SubscriptionStatus,
        default=SubscriptionStatus.ACTIVE,
        db_default=SubscriptionStatus.ACTIVE,
    )
    stripe_customer_id = stripe_id_field("Stripe customer id")
    stripe_subscription_id = stripe_id_field("Stripe subscription id")
    started_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True, help_text="Empty: no end (the FREE plan).")
    canceled_at = models.DateTimeField(null=True, blank=True)
    metadata = models.JSONField(default=dict, db_default={}, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "subscriptions")
        verbose_name = "subscription"
        verbose_name_plural = "subscriptions"
        ordering = ["-created_at"]
        constraints = [
            choices_check("plan", SubscriptionPlan, name="subscriptions_plan_valid"),
            choices_check("status", SubscriptionStatus, name="subscriptions_status_valid"),
        ]
        indexes = [
            models.Index(fields=["plan"], name="subscriptions_plan_idx"),
            models.Index(fields=["status"], name="subscriptions_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_plan_display()} for {self.user} ({self.get_status_display()})"


class Transaction(UUIDModel):
    user = user_relation(related_name="transactions", on_delete=models.PROTECT)
    subscription = models.ForeignKey(
        Subscription, on_delete=models.SET_NULL, null=True, blank=True, related_name="transactions"
    )
    amount = models.IntegerField(help_text="Minor units (cents).")
    currency = currency_field()
    status = models.CharField(
        max_length=20,
        choices=TransactionStatus,
        default=TransactionStatus.PENDING,
        db_default=TransactionStatus.PENDING,
    )
    stripe_payment_intent_id = stripe_id_field("Stripe payment intent id")
    stripe_charge_id = stripe_id_field("Stripe charge id")
    payment_method = models.CharField(max_length=50, blank=True, db_default="", help_text='e.g. "card", "paypal".')
    description = models.TextField(blank=True, db_default="")
    created_at = created_at_field()
    paid_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "transactions")
        verbose_name = "transaction"
        verbose_name_plural = "transactions"
        ordering = ["-created_at"]
        constraints = [
            range_check("amount", minimum=0, name="transactions_amount_not_negative"),
            currency_check(name="transactions_currency_iso"),
            choices_check("status", TransactionStatus, name="transactions_status_valid"),
        ]
        indexes = [models.Index(fields=["status"], name="transactions_status_idx")]

    def __str__(self):
        return f"{self.amount / 100:.2f} {self.currency.upper()} ({self.get_status_display()})"


class Invoice(UUIDModel):
    """An accounting record: a cascade never deletes it."""

    subscription = models.ForeignKey(Subscription, on_delete=models.PROTECT, related_name="invoices")
    invoice_number = models.CharField(max_length=64, unique=True, help_text="e.g. INV-2025-000001.")
    amount = models.IntegerField(help_text="Minor units (cents), before tax.")
    tax = models.IntegerField(null=True, blank=True, help_text="Minor units (cents).")
    total = models.IntegerField(help_text="amount + tax, in minor units.")
    currency = currency_field()
    status = models.CharField(
        max_length=20, choices=InvoiceStatus, default=InvoiceStatus.DRAFT, db_default=InvoiceStatus.DRAFT
    )
    stripe_invoice_id = stripe_id_field("Stripe invoice id")
    invoice_url = models.URLField("invoice PDF URL", max_length=1000, blank=True, db_default="")
    issued_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "invoices")
        verbose_name = "invoice"
        verbose_name_plural = "invoices"
        ordering = ["-issued_at", "invoice_number"]
        constraints = [
            range_check("amount", minimum=0, name="invoices_amount_not_negative"),
            range_check("tax", minimum=0, name="invoices_tax_not_negative"),
            FieldCheckConstraint(
                field="total",
                condition=models.Q(total=models.F("amount") + Coalesce(models.F("tax"), 0)),
                name="invoices_total_is_amount_plus_tax",
                violation_error_message="The total must equal the amount plus tax.",
            ),
            currency_check(name="invoices_currency_iso"),
            choices_check("status", InvoiceStatus, name="invoices_status_valid"),
        ]
        indexes = [models.Index(fields=["status"], name="invoices_status_idx")]

    def __str__(self):
        return self.invoice_number


class PaymentMethod(TimestampedModel):
    """A saved way to pay: only what identifies it to the user, never a card number or CVC."""

    user = user_relation(related_name="payment_methods")
    type = models.CharField(max_length=20, choices=PaymentMethodType)
    stripe_payment_method_id = stripe_id_field("Stripe payment method id")
    last4 = models.CharField(
        "last 4 digits", max_length=4, blank=True, db_default="", help_text="Cards only; empty otherwise."
    )
    brand = models.CharField(max_length=30, blank=True, db_default="", help_text='e.g. "visa".')
    expiry_month = models.SmallIntegerField(null=True, blank=True)
    expiry_year = models.SmallIntegerField(null=True, blank=True)
    paypal_email = models.EmailField("PayPal email", blank=True, db_default="")
    is_default = models.BooleanField(default=False, db_default=False)

    class Meta:
        db_table = schema_table(SCHEMA, "payment_methods")
        verbose_name = "payment method"
        verbose_name_plural = "payment methods"
        ordering = ["-is_default", "-created_at"]
        constraints = [
            choices_check("type", PaymentMethodType, name="payment_methods_type_valid"),
            FieldCheckConstraint(
                field="last4",
                condition=models.Q(last4="") | models.Q(last4__regex=r"^[0-9]{4}$"),
                name="payment_methods_last4_digits",
                violation_error_message="Exactly the last four digits, or empty.",
            ),
            range_check("expiry_month", minimum=1, maximum=12, name="payment_methods_expiry_month_range"),
            range_check("expiry_year", minimum=2000, maximum=2200, name="payment_methods_expiry_year_range"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(is_default=True),
                name="payment_methods_one_default_per_user",
                violation_error_message="This user already has a default payment method.",
            ),
        ]

    def __str__(self):
        if self.last4:
            return f"{self.brand or self.get_type_display()} •••• {self.last4}"
        return self.paypal_email or self.get_type_display()


class StripeWebhookEvent(UUIDModel):
    """Every verified delivery from Stripe, kept once per Stripe event id (an addition to the seed's 30).

    The unique id makes a redelivered or concurrently delivered event a no-op; a failed one keeps its
    error until a replay succeeds.
    """

    stripe_event_id = models.CharField("Stripe event id", max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField(help_text="The event as Stripe sent it.")
    received_at = created_at_field()
    processed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.IntegerField(default=0, db_default=0)
    error = models.TextField(blank=True, db_default="")

    class Meta:
        db_table = schema_table(SCHEMA, "stripe_webhook_events")
        verbose_name = "Stripe webhook event"
        verbose_name_plural = "Stripe webhook events"
        ordering = ["-received_at"]
        constraints = [range_check("attempts", minimum=0, name="stripe_webhook_events_attempts_not_negative")]
        indexes = [
            models.Index(fields=["type"], name="stripe_events_type_idx"),
            models.Index(
                fields=["received_at"], condition=models.Q(processed_at__isnull=True), name="stripe_events_pending_idx"
            ),
        ]

    def __str__(self):
        return f"{self.type} ({self.stripe_event_id})"

    @property
    def failed(self) -> bool:
        return self.processed_at is None and bool(self.error)
