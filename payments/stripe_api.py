"""The Stripe client, built from settings; its HTTP client is the seam the tests fake."""

import stripe
from django.conf import settings


class StripeNotConfigured(Exception):
    """Stripe keys or prices are missing from the environment."""


def http_client() -> stripe.HTTPClient | None:
    """The HTTP client under the Stripe library: None is the library's own (tests put a fake here)."""
    return None


def stripe_client() -> stripe.StripeClient:
    if not settings.STRIPE_SECRET_KEY:
        raise StripeNotConfigured("Payments are not available: STRIPE_SECRET_KEY is not set.")
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, http_client=http_client(), max_network_retries=2)


def price_for(plan: str) -> str:
    price = settings.STRIPE_PRICES.get(plan)
    if not price:
        raise StripeNotConfigured(f"Payments are not available: no Stripe price is set for the {plan} plan.")
    return price


def plan_for(price_id: str | None) -> str | None:
    return next((plan for plan, price in settings.STRIPE_PRICES.items() if price and price == price_id), None)
