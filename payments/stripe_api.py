"""The Stripe client, built from settings; its HTTP client is the seam the tests fake."""

import stripe
from django.conf import settings


class StripeNotConfigured(Exception):
    """Stripe keys or prices are missing from the environment."""


# Each attempt waits at most this long to connect to Stripe and to read its answer (seconds), so that three
# attempts (the library retries twice) end before gunicorn's 30-second worker timeout; the library's own
# default waits 80 seconds per attempt. A Stripe that cannot be reached raises stripe.APIConnectionError.
CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 6


def http_client() -> stripe.HTTPClient | None:
    """The HTTP client under the Stripe library: the library's requests-based one with bounded timeouts
    (tests put a fake here)."""
    return stripe.RequestsClient(timeout=(CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS))


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
