"""A small Stripe on this machine: the real `stripe` library talks to it through its HTTP-client seam.

It keeps customers, Checkout sessions, subscriptions, invoices, charges and payment methods in
memory, answers the library's requests as Stripe's API would, and makes webhook events signed the
way Stripe signs them (HMAC-SHA256 over "<timestamp>.<payload>").
"""

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from urllib.parse import parse_qsl, urlsplit

import stripe

PRICE_PRO = "price_pro_monthly"
PRICE_ENTERPRISE = "price_enterprise_monthly"
WEBHOOK_SECRET = "whsec_test_codezest"
MONTH = 30 * 24 * 3600
# What the fake_stripe fixture sets: Stripe configured, and the real library's transport answered by the fake.
SETTINGS = {
    "STRIPE_SECRET_KEY": "sk_test_codezest",
    "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
    "STRIPE_PRICES": {"PRO": PRICE_PRO, "ENTERPRISE": PRICE_ENTERPRISE},
    "PRO_ONLY_FEATURES": ["ai_mentor"],
}
TRANSPORT = "payments.stripe_api.http_client"


def parse_form(body: str) -> dict:
    """Stripe's form encoding (``a[b][0][c]=v``) back into nested dicts and lists."""
    result: dict = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = re.findall(r"[^\[\]]+", key)
        target = result
        for part, following in itertools.pairwise(parts):
            default = [] if following.isdigit() else {}
            if isinstance(target, list):
                index = int(part)
                while len(target) <= index:
                    target.append(default.copy())
                target = target[index]
            else:
                target = target.setdefault(part, default)
        last = parts[-1]
        if isinstance(target, list):
            target.append(value)
        else:
            target[last] = value
    return result


class FakeStripe(stripe.HTTPClient):
    name = "fake-stripe"

    def __init__(self):
        super().__init__()
        self.objects: dict[str, dict] = {}
        self.requests: list[tuple[str, str]] = []
        self.down = False  # answers 500 to every call while True
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    # The library's side ----------------------------------------------------------------------

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        path = urlsplit(url).path
        with self._lock:
            self.requests.append((method, path))
            if self.down:
                return self._error(500, "api_error", "Stripe is having a bad day.")
            params = parse_form(post_data) if post_data else {}
            return self._route(method, path, params)

    def request_stream(self, *args, **kwargs):
        raise NotImplementedError

    def close(self):
        pass

    def _route(self, method, path, params):
        creators = {
            "/v1/customers": self._create_customer,
            "/v1/checkout/sessions": self._create_checkout_session,
            "/v1/billing_portal/sessions": self._create_portal_session,
        }
        if method == "post" and path in creators:
            return self._ok(creators[path](params))
        match = re.fullmatch(r"/v1/(subscriptions|invoices|payment_methods|charges|customers)/([\w]+)", path)
        if method == "get" and match and match.group(2) in self.objects:
            return self._ok(self.objects[match.group(2)])
        return self._error(404, "invalid_request_error", f"No such object: {path}")

    def _ok(self, body):
        return json.dumps(body), 200, {"request-id": f"req_{next(self._ids)}"}

    def _error(self, status, kind, message):
        return json.dumps({"error": {"type": kind, "message": message}}), status, {"request-id": "req_error"}

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}_{next(self._ids):06d}"

    def _create_customer(self, params):
        customer = {
            "id": self._new_id("cus"),
            "object": "customer",
            "email": params.get("email"),
            "name": params.get("name"),
            "metadata": params.get("metadata", {}),
        }
        self.objects[customer["id"]] = customer
        return customer

    def _create_checkout_session(self, params):
        session_id = self._new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": params["mode"],
            "customer": params["customer"],
            "client_reference_id": params.get("client_reference_id"),
            "url": f"https://checkout.stripe.test/c/pay/{session_id}",
            "status": "open",
            "subscription": None,
            "metadata": params.get("metadata", {}),
            "price": params["line_items"][0]["price"],
        }
        self.objects[session_id] = session
        return session

    def _create_portal_session(self, params):
        session = {
            "id": self._new_id("bps"),
            "object": "billing_portal.session",
            "customer": params["customer"],
            "url": f"https://billing.stripe.test/p/session/{next(self._ids)}",
        }
        return session

    # Stripe's side: what customers and Stripe do, as events --------------------------------

    def event(self, type: str, obj: dict, *, created: int | None = None) -> dict:
        return {
            "id": self._new_id("evt"),
            "object": "event",
            "type": type,
            "api_version": "2024-06-20",
            "created": created or int(time.time()),
            "data": {"object": dict(obj)},
        }

    def complete_checkout(self, session_id: str) -> list[dict]:
        """The customer pays: a subscription and its first paid invoice, and the events Stripe sends."""
        session = self.objects[session_id]
        now = int(time.time())
        subscription = self.subscription(session["customer"], session["price"], start=now)
        session.update(status="complete", subscription=subscription["id"])
        invoice = self.invoice(session["customer"], subscription["id"], total=1900, paid=True)
        return [
            self.event("checkout.session.completed", session),
            self.event("customer.subscription.created", subscription),
            self.event("invoice.created", {**invoice, "status": "draft"}),
            self.event("invoice.finalized", {**invoice, "status": "open"}),
            self.event("invoice.paid", invoice),
        ]

    def subscription(self, customer: str, price: str, *, start: int, status: str = "active") -> dict:
        subscription = {
            "id": self._new_id("sub"),
            "object": "subscription",
            "customer": customer,
            "status": status,
            "start_date": start,
            "canceled_at": None,
            "cancel_at_period_end": False,
            "items": {
                "object": "list",
                "data": [{"id": self._new_id("si"), "price": {"id": price}, "current_period_end": start + MONTH}],
            },
        }
        self.objects[subscription["id"]] = subscription
        return subscription

    def invoice(self, customer: str, subscription: str, *, total: int, paid: bool, tax: int = 0) -> dict:
        now = int(time.time())
        number = f"CZ-{next(self._ids):06d}"
        invoice = {
            "id": self._new_id("in"),
            "object": "invoice",
            "customer": customer,
            "subscription": subscription,
            "number": number,
            "currency": "usd",
            "total": total,
            "tax": tax,
            "amount_paid": total if paid else 0,
            "status": "paid" if paid else "open",
            "attempted": True,
            "payment_intent": self._new_id("pi"),
            "due_date": now + MONTH,
            "hosted_invoice_url": f"https://invoice.stripe.test/{number}",
            "invoice_pdf": f"https://invoice.stripe.test/{number}.pdf",
            "status_transitions": {"finalized_at": now, "paid_at": now if paid else None},
        }
        self.objects[invoice["id"]] = invoice
        return invoice

    def change_plan(self, subscription_id: str, price: str) -> dict:
        subscription = self.objects[subscription_id]
        subscription["items"]["data"][0]["price"] = {"id": price}
        return self.event("customer.subscription.updated", subscription)

    def cancel(self, subscription_id: str, *, period_ended: bool = False) -> dict:
        subscription = self.objects[subscription_id]
        now = int(time.time())
        subscription.update(status="canceled", canceled_at=now)
        if period_ended:
            subscription["items"]["data"][0]["current_period_end"] = now - 60
        return self.event("customer.subscription.deleted", subscription)

    def refund(self, invoice_id: str) -> dict:
        invoice = self.objects[invoice_id]
        charge = {
            "id": self._new_id("ch"),
            "object": "charge",
            "payment_intent": invoice["payment_intent"],
            "amount_refunded": invoice["total"],
            "refunded": True,
        }
        self.objects[charge["id"]] = charge
        return self.event("charge.refunded", charge)

    def attach_card(self, customer: str, *, last4: str = "4242", brand: str = "visa") -> dict:
        method = {
            "id": self._new_id("pm"),
            "object": "payment_method",
            "type": "card",
            "customer": customer,
            "card": {"brand": brand, "last4": last4, "exp_month": 12, "exp_year": 2031},
        }
        self.objects[method["id"]] = method
        return self.event("payment_method.attached", method)


def signed(event: dict, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    """The event's body and its Stripe-Signature header."""
    payload = json.dumps(event).encode()
    timestamp = timestamp or int(time.time())
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, f"t={timestamp},v1={digest}"
