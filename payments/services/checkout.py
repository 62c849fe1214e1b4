"""Starting a payment: a Stripe customer for the user, a Checkout session, a customer-portal session."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from payments.models import PAID_PLANS, Subscription
from payments.stripe_api import price_for, stripe_client


@transaction.atomic
def _customer_id(client, user: AbstractBaseUser) -> str:
    """The user's Stripe customer, created once and remembered on their subscription."""
    subscription = Subscription.objects.select_for_update().get(user=user)
    if not subscription.stripe_customer_id:
        customer = client.v1.customers.create(
            params={"email": user.email, "name": user.name, "metadata": {"user_id": str(user.pk)}}
        )
        subscription.stripe_customer_id = customer.id
        subscription.save(update_fields=["stripe_customer_id", "updated_at"])
    return subscription.stripe_customer_id


def checkout_start(*, user: AbstractBaseUser, plan: str) -> str:
    """A Checkout session for a paid plan, carrying the user's id; returns the URL to send them to."""
    if plan not in PAID_PLANS:
        raise ValidationError({"plan": f"Choose one of: {', '.join(PAID_PLANS)}."})
    client = stripe_client()
    price = price_for(plan)
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "subscription",
            "customer": _customer_id(client, user),
            "client_reference_id": str(user.pk),
            "line_items": [{"price": price, "quantity": 1}],
            "success_url": settings.STRIPE_CHECKOUT_SUCCESS_URL,
            "cancel_url": settings.STRIPE_CHECKOUT_CANCEL_URL,
            "metadata": {"user_id": str(user.pk), "plan": plan},
            "subscription_data": {"metadata": {"user_id": str(user.pk), "plan": plan}},
        }
    )
    return session.url


def billing_portal_start(*, user: AbstractBaseUser) -> str:
    """A customer-portal session where the user manages their plan and payment methods."""
    client = stripe_client()
    session = client.v1.billing_portal.sessions.create(
        params={"customer": _customer_id(client, user), "return_url": settings.STRIPE_PORTAL_RETURN_URL}
    )
    return session.url
