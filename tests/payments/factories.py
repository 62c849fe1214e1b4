import factory
from django.utils import timezone

from payments.models import (
    Invoice,
    InvoiceStatus,
    PaymentMethod,
    PaymentMethodType,
    StripeWebhookEvent,
    Subscription,
    Transaction,
)
from tests.accounts.factories import UserFactory
from tests.factories import SignUpRowFactory


class SubscriptionFactory(SignUpRowFactory):
    user = factory.SubFactory(UserFactory)
    started_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscription


class TransactionFactory(factory.django.DjangoModelFactory):
    subscription = factory.SubFactory(SubscriptionFactory)
    user = factory.SelfAttribute("subscription.user")
    amount = 1900
    payment_method = "card"

    class Meta:
        model = Transaction


class InvoiceFactory(factory.django.DjangoModelFactory):
    subscription = factory.SubFactory(SubscriptionFactory)
    invoice_number = factory.Sequence(lambda n: f"INV-2026-{n:06d}")
    amount = 1900
    tax = 190
    total = factory.LazyAttribute(lambda invoice: invoice.amount + (invoice.tax or 0))
    status = InvoiceStatus.SENT
    issued_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Invoice


class PaymentMethodFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    type = PaymentMethodType.CARD
    stripe_payment_method_id = factory.Sequence(lambda n: f"pm_{n:08d}")
    last4 = "4242"
    brand = "visa"
    expiry_month = 12
    expiry_year = 2030

    class Meta:
        model = PaymentMethod


class StripeWebhookEventFactory(factory.django.DjangoModelFactory):
    stripe_event_id = factory.Sequence(lambda n: f"evt_{n:08d}")
    type = "invoice.paid"
    payload = factory.LazyAttribute(
        lambda event: {"id": event.stripe_event_id, "type": event.type, "data": {"object": {"id": "in_1"}}}
    )

    class Meta:
        model = StripeWebhookEvent
