"""The payments schema refuses bad rows written in raw SQL."""

import pytest
from django.core.exceptions import ValidationError

from tests.rawsql import assert_refused

from .factories import InvoiceFactory, PaymentMethodFactory, SubscriptionFactory, TransactionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("factory", "column", "value", "constraint"),
    [
        (SubscriptionFactory, "plan", "GOLD", "subscriptions_plan_valid"),
        (SubscriptionFactory, "status", "ON_HOLD", "subscriptions_status_valid"),
        (TransactionFactory, "status", "LOST", "transactions_status_valid"),
        (InvoiceFactory, "status", "VOID", "invoices_status_valid"),
        (PaymentMethodFactory, "type", "CRYPTO", "payment_methods_type_valid"),
        (TransactionFactory, "amount", -1, "transactions_amount_not_negative"),
        (TransactionFactory, "currency", "USD", "transactions_currency_iso"),
        (TransactionFactory, "currency", "us", "transactions_currency_iso"),
        (InvoiceFactory, "currency", "EUR", "invoices_currency_iso"),
        (PaymentMethodFactory, "last4", "42a2", "payment_methods_last4_digits"),
        (PaymentMethodFactory, "last4", "424", "payment_methods_last4_digits"),
        (PaymentMethodFactory, "expiry_month", 13, "payment_methods_expiry_month_range"),
        (PaymentMethodFactory, "expiry_month", 0, "payment_methods_expiry_month_range"),
        (PaymentMethodFactory, "expiry_year", 99, "payment_methods_expiry_year_range"),
    ],
)
def test_database_refuses_a_value_out_of_its_enum_or_range(factory, column, value, constraint):
    assert_refused(factory(), constraint, **{column: value})


def test_invoice_total_must_be_amount_plus_tax():
    invoice = InvoiceFactory(amount=1000, tax=200, total=1200)
    assert_refused(invoice, "invoices_total_is_amount_plus_tax", total=1100)
    assert_refused(invoice, "invoices_amount_not_negative", amount=-200, total=0)
    assert_refused(invoice, "invoices_tax_not_negative", tax=-1, total=999)


def test_invoice_without_tax_totals_its_amount():
    invoice = InvoiceFactory(amount=1000, tax=None, total=1000)
    invoice.full_clean()
    invoice.total = 1001
    with pytest.raises(ValidationError, match="The total must equal the amount plus tax"):
        invoice.full_clean()


def test_one_subscription_per_user_and_unique_stripe_ids():
    first = SubscriptionFactory(stripe_customer_id="cus_1", stripe_subscription_id="sub_1")
    second = SubscriptionFactory()
    assert_refused(second, "subscriptions_user_id_key", user_id=first.user_id)
    assert_refused(second, "subscriptions_stripe_customer_id_key", stripe_customer_id="cus_1")
    assert_refused(second, "subscriptions_stripe_subscription_id_key", stripe_subscription_id="sub_1")


def test_invoice_number_and_stripe_ids_are_unique():
    first = InvoiceFactory(stripe_invoice_id="in_1")
    second = InvoiceFactory()
    assert_refused(second, "invoices_invoice_number_key", invoice_number=first.invoice_number)
    assert_refused(second, "invoices_stripe_invoice_id_key", stripe_invoice_id="in_1")
    paid = TransactionFactory(stripe_payment_intent_id="pi_1", stripe_charge_id="ch_1")
    other = TransactionFactory()
    assert_refused(other, "transactions_stripe_payment_intent_id_key", stripe_payment_intent_id="pi_1")
    assert_refused(other, "transactions_stripe_charge_id_key", stripe_charge_id="ch_1")
    assert paid.pk != other.pk


def test_at_most_one_default_payment_method_per_user():
    default = PaymentMethodFactory(is_default=True)
    second = PaymentMethodFactory(user=default.user)
    assert_refused(second, "payment_methods_one_default_per_user", is_default=True)
    PaymentMethodFactory(is_default=True)  # another user's default is fine


def test_a_paypal_method_needs_no_card_digits():
    PaymentMethodFactory(
        type="PAYPAL", last4="", brand="", expiry_month=None, expiry_year=None, paypal_email="payer@example.com"
    ).full_clean()


def test_no_field_can_hold_a_card_number():
    from payments.models import PaymentMethod

    names = {field.name for field in PaymentMethod._meta.get_fields()}
    assert not names & {"card_number", "number", "pan", "cvc", "cvv"}
    assert PaymentMethod._meta.get_field("last4").max_length == 4
