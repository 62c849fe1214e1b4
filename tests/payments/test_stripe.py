"""Payments with Stripe, the real library against a fake Stripe: checkout, webhooks, access by plan."""

import itertools
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from accounts.services import session_create
from payments.models import (
    Invoice,
    PaymentMethod,
    StripeWebhookEvent,
    Subscription,
    SubscriptionPlan,
    Transaction,
)
from payments.selectors import plan_allows
from tests.accounts.factories import UserFactory

from .fake_stripe import PRICE_ENTERPRISE, signed

WEBHOOK = "/api/v1/payments/stripe/webhook"


def deliver(event, **signing):
    payload, signature = signed(event, **signing)
    return APIClient().post(WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature)


def signed_in(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {session_create(user=user)[1]}")
    return client


def paying_customer(fake_stripe):
    """A user whose Checkout is complete, with the events Stripe sends about it (not delivered yet)."""
    user = UserFactory()
    url = signed_in(user).post("/api/v1/payments/checkout", {"plan": "PRO"}, format="json").json()["url"]
    return user, fake_stripe.complete_checkout(url.rsplit("/", 1)[1])


@pytest.mark.django_db
class TestWebhookVerification:
    def test_bad_signature_altered_body_and_stale_timestamp_are_refused_and_store_nothing(self, fake_stripe):
        event = fake_stripe.event("invoice.paid", {"id": "in_1"})
        payload, signature = signed(event, secret="whsec_someone_else")
        bad_signature = APIClient().post(
            WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
        )
        payload, signature = signed(event)
        altered = APIClient().post(
            WEBHOOK,
            data=payload.replace(b"in_1", b"in_2"),
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature,
        )
        stale = deliver(event, timestamp=int(time.time()) - 3600)
        unsigned = APIClient().post(WEBHOOK, data=payload, content_type="application/json")
        for response in (bad_signature, altered, stale, unsigned):
            assert response.status_code == 400
            assert "Stripe-Signature" in response.json()["error"]["fields"]
        assert not StripeWebhookEvent.objects.exists()

    def test_payments_answer_503_when_stripe_is_not_configured(self, settings):
        settings.STRIPE_SECRET_KEY = ""
        response = signed_in(UserFactory()).post("/api/v1/payments/checkout", {"plan": "PRO"}, format="json")
        assert response.status_code == 503
        assert "STRIPE_SECRET_KEY" in response.json()["error"]["message"]

    def test_a_free_plan_cannot_be_bought(self, fake_stripe):
        response = signed_in(UserFactory()).post("/api/v1/payments/checkout", {"plan": "FREE"}, format="json")
        assert response.status_code == 400
        assert "plan" in response.json()["error"]["fields"]


@pytest.mark.django_db
def test_checkout_creates_the_customer_once_and_carries_the_user(fake_stripe):
    user = UserFactory()
    client = signed_in(user)
    first = client.post("/api/v1/payments/checkout", {"plan": "PRO"}, format="json").json()["url"]
    second = client.post("/api/v1/payments/checkout", {"plan": "ENTERPRISE"}, format="json").json()["url"]
    assert first != second
    customers = [path for method, path in fake_stripe.requests if path == "/v1/customers"]
    assert len(customers) == 1
    session = fake_stripe.objects[first.rsplit("/", 1)[1]]
    assert session["client_reference_id"] == str(user.pk)
    assert session["customer"] == Subscription.objects.get(user=user).stripe_customer_id
    portal = client.post("/api/v1/payments/portal").json()["url"]
    assert portal.startswith("https://billing.stripe.test/")


@pytest.mark.django_db
def test_the_same_event_twice_has_one_set_of_side_effects(fake_stripe):
    user, events = paying_customer(fake_stripe)
    for event in events + events:
        assert deliver(event).status_code == 200
    assert Transaction.objects.filter(user=user).count() == 1
    assert Invoice.objects.filter(subscription__user=user).count() == 1
    assert StripeWebhookEvent.objects.count() == len(events)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_event_from_several_threads_at_once_has_one_set_of_side_effects(fake_stripe):
    user, events = paying_customer(fake_stripe)
    for event in events[:2]:  # the checkout and the subscription
        deliver(event)
    paid = events[-1]
    start, statuses = threading.Barrier(4), []

    def deliver_at_once():
        try:
            start.wait(timeout=10)
            statuses.append(deliver(paid).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver_at_once) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200] * 4
    assert Transaction.objects.filter(user=user).count() == 1
    assert Invoice.objects.filter(subscription__user=user).count() == 1
    assert StripeWebhookEvent.objects.get(stripe_event_id=paid["id"]).attempts == 1


@pytest.mark.django_db
def test_every_order_of_a_realistic_sequence_ends_in_the_same_state(fake_stripe):
    from django.db import transaction

    user, events = paying_customer(fake_stripe)
    deliver(events[0])  # checkout completed links the customer
    subscription_id = fake_stripe.objects[events[0]["data"]["object"]["id"]]["subscription"]
    created, invoice_created, invoice_paid = events[1], events[2], events[4]
    updated = fake_stripe.change_plan(subscription_id, PRICE_ENTERPRISE)  # Stripe is now in its final state
    outcomes = set()
    for order in itertools.permutations([created, invoice_created, invoice_paid, updated]):
        with transaction.atomic():
            for event in order:
                assert deliver(event).status_code == 200
            subscription = Subscription.objects.get(user=user)
            invoice = Invoice.objects.get(subscription=subscription)
            outcomes.add(
                (
                    subscription.plan,
                    subscription.status,
                    subscription.stripe_subscription_id,
                    subscription.valid_until,
                    invoice.status,
                    invoice.total,
                    invoice.invoice_number,
                    Transaction.objects.filter(user=user).count(),
                )
            )
            transaction.set_rollback(True)
    assert len(outcomes) == 1
    ((plan, status, _, _, invoice_status, total, number, payments),) = outcomes
    assert (plan, status, invoice_status, total, payments) == ("ENTERPRISE", "ACTIVE", "PAID", 1900, 1)
    assert number.startswith("CZ-")


@pytest.mark.django_db
def test_a_failed_handler_leaves_no_partial_rows_and_a_replay_succeeds(fake_stripe):
    user, events = paying_customer(fake_stripe)
    fake_stripe.down = True
    assert deliver(events[0]).status_code == 500  # Stripe will retry
    stored = StripeWebhookEvent.objects.get(stripe_event_id=events[0]["id"])
    assert stored.failed
    assert "Stripe is having a bad day" in stored.error
    subscription = Subscription.objects.get(user=user)
    assert (subscription.plan, subscription.stripe_subscription_id) == ("FREE", None)

    fake_stripe.down = False
    call_command("stripe_replay", "--type", "checkout.session.completed")
    stored.refresh_from_db()
    assert stored.processed_at is not None
    assert stored.attempts == 2
    assert Subscription.objects.get(user=user).plan == "PRO"


@pytest.mark.django_db
def test_from_checkout_to_pro_to_cancellation_to_free_through_the_api(fake_stripe):
    user, events = paying_customer(fake_stripe)
    client = signed_in(user)
    assert client.get("/api/v1/me/subscription").json()["effective_plan"] == "FREE"
    for event in events:
        assert deliver(event).status_code == 200
    subscription = client.get("/api/v1/me/subscription").json()
    assert (subscription["plan"], subscription["status"], subscription["effective_plan"]) == ("PRO", "ACTIVE", "PRO")
    assert plan_allows(user=user, feature="ai_mentor")
    assert [row["status"] for row in client.get("/api/v1/me/invoices").json()["results"]] == ["PAID"]
    assert [row["status"] for row in client.get("/api/v1/me/transactions").json()["results"]] == ["SUCCEEDED"]

    customer = Subscription.objects.get(user=user).stripe_customer_id
    assert deliver(fake_stripe.attach_card(customer, last4="4444")).status_code == 200
    assert client.get("/api/v1/me/payment-methods").json()["results"][0]["last4"] == "4444"

    subscription_id = events[0]["data"]["object"]["id"]
    stripe_subscription = fake_stripe.objects[subscription_id]["subscription"]
    assert deliver(fake_stripe.cancel(stripe_subscription)).status_code == 200
    canceled = client.get("/api/v1/me/subscription").json()
    assert (canceled["status"], canceled["effective_plan"]) == ("CANCELED", "PRO")  # paid until the period ends

    period_over = fake_stripe.cancel(stripe_subscription, period_ended=True)
    assert deliver(period_over).status_code == 200
    lapsed = client.get("/api/v1/me/subscription").json()
    assert (lapsed["plan"], lapsed["status"], lapsed["effective_plan"]) == ("PRO", "CANCELED", "FREE")
    assert not plan_allows(user=user, feature="ai_mentor")
    assert plan_allows(user=user, feature="quizzes")  # phase 1: FREE keeps everything else
    assert client.get("/api/v1/me/invoices").json()["count"] == 1  # history kept

    invoice = Invoice.objects.get(subscription__user=user)
    assert deliver(fake_stripe.refund(invoice.stripe_invoice_id)).status_code == 200
    assert Transaction.objects.get(user=user).status == "REFUNDED"
    types = set(user.activities.values_list("type", flat=True))
    assert {"subscription_changed", "payment_success", "payment_method_added", "payment_refunded"} <= types
    assert user.notifications.filter(type="payment_success").exists()


@pytest.mark.django_db
def test_a_pro_only_feature_is_refused_on_the_free_plan(fake_stripe):
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory, force_authenticate
    from rest_framework.views import APIView

    from payments.api.permissions import plan_includes

    class MentorView(APIView):
        permission_classes = [plan_includes("ai_mentor")]

        def get(self, request):
            return Response({"ok": True})

    user = UserFactory()
    request = APIRequestFactory().get("/mentor")
    force_authenticate(request, user=user)
    assert MentorView.as_view()(request).status_code == 403
    Subscription.objects.filter(user=user).update(plan=SubscriptionPlan.PRO)
    request = APIRequestFactory().get("/mentor")
    force_authenticate(request, user=user)
    assert MentorView.as_view()(request).status_code == 200
    assert PaymentMethod.objects.count() == 0


@pytest.mark.django_db
def test_superusers_reprocess_failed_events_from_the_admin(fake_stripe, client):
    from django.urls import reverse

    from accounts.models import User

    user, events = paying_customer(fake_stripe)
    fake_stripe.down = True
    deliver(events[0])
    fake_stripe.down = False
    failed = StripeWebhookEvent.objects.get(stripe_event_id=events[0]["id"])
    url = reverse("admin:payments_stripewebhookevent_changelist")

    client.force_login(UserFactory(role=User.Role.INSTRUCTOR))
    assert client.get(url).status_code == 403  # instructors see no webhook events

    client.force_login(UserFactory(role=User.Role.ADMIN))
    response = client.post(url, {"action": "reprocess", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.processed_at is not None
    assert Subscription.objects.get(user=user).plan == "PRO"
