"""Writes of the payments context. Stripe is the source of truth; these keep its queryable copy."""

from .checkout import billing_portal_start, checkout_start
from .subscriptions import invoice_number_next, subscription_create_free, subscription_upgrade
from .webhooks import WebhookRejected, webhook_process, webhook_receive, webhook_replay

__all__ = [
    "WebhookRejected",
    "billing_portal_start",
    "checkout_start",
    "invoice_number_next",
    "subscription_create_free",
    "subscription_upgrade",
    "webhook_process",
    "webhook_receive",
    "webhook_replay",
]
