"""Writes of the payments context. Stripe is the source of truth; these keep its queryable copy."""

from .checkout import billing_portal_start, checkout_start
from .subscriptions import subscription_bulk_create_free, subscription_create_free
from .webhooks import WebhookRejected, webhook_process, webhook_receive, webhook_replay

__all__ = [
    "WebhookRejected",
    "billing_portal_start",
    "checkout_start",
    "subscription_bulk_create_free",
    "subscription_create_free",
    "webhook_process",
    "webhook_receive",
    "webhook_replay",
]
