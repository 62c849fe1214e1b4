from django.conf import settings
from django.contrib import admin, messages
from django.utils.html import format_html

from codezest.admin import ReadOnlyAdminMixin

from .models import Invoice, PaymentMethod, StripeWebhookEvent, Subscription, Transaction
from .services import webhook_replay

STRIPE_DASHBOARD = "https://dashboard.stripe.com"


def stripe_link(kind: str, object_id: str | None):
    """A link to the object in Stripe's dashboard (test mode unless live keys are configured)."""
    if not object_id:
        return "—"
    mode = "" if getattr(settings, "STRIPE_LIVE_MODE", False) else "/test"
    return format_html(
        '<a href="{}{}/{}/{}" target="_blank" rel="noopener">{}</a>', STRIPE_DASHBOARD, mode, kind, object_id, object_id
    )


class PaymentsAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Stripe is the source of truth: these rows are its copy, read-only here."""

    raw_id_fields = ("user",)
    list_select_related = ("user",)
    search_fields = ("user__email",)


@admin.register(Subscription)
class SubscriptionAdmin(PaymentsAdmin):
    list_display = ("user", "plan", "status", "valid_until", "stripe_customer", "stripe_subscription")
    list_filter = ("plan", "status")
    search_fields = ("user__email", "stripe_customer_id", "stripe_subscription_id")
    ordering = ("-created_at",)

    @admin.display(description="Stripe customer")
    def stripe_customer(self, obj):
        return stripe_link("customers", obj.stripe_customer_id)

    @admin.display(description="Stripe subscription")
    def stripe_subscription(self, obj):
        return stripe_link("subscriptions", obj.stripe_subscription_id)


@admin.register(Transaction)
class TransactionAdmin(PaymentsAdmin):
    list_display = ("user", "amount_display", "status", "payment_method", "created_at", "stripe_payment")
    list_filter = ("status", "currency")
    search_fields = ("user__email", "stripe_payment_intent_id", "stripe_charge_id")
    ordering = ("-created_at",)

    @admin.display(description="amount", ordering="amount")
    def amount_display(self, obj):
        return f"{obj.amount / 100:.2f} {obj.currency.upper()}"

    @admin.display(description="Stripe payment")
    def stripe_payment(self, obj):
        return stripe_link("payments", obj.stripe_payment_intent_id)


@admin.register(Invoice)
class InvoiceAdmin(PaymentsAdmin):
    list_display = (
        "invoice_number",
        "subscription",
        "total_display",
        "status",
        "issued_at",
        "paid_at",
        "stripe_invoice",
    )
    list_filter = ("status", "currency")
    list_select_related = ("subscription__user",)
    raw_id_fields = ("subscription",)
    search_fields = ("invoice_number", "stripe_invoice_id", "subscription__user__email")
    ordering = ("-issued_at",)

    @admin.display(description="total", ordering="total")
    def total_display(self, obj):
        return f"{obj.total / 100:.2f} {obj.currency.upper()}"

    @admin.display(description="Stripe invoice")
    def stripe_invoice(self, obj):
        return stripe_link("invoices", obj.stripe_invoice_id)


@admin.register(PaymentMethod)
class PaymentMethodAdmin(PaymentsAdmin):
    list_display = ("user", "type", "__str__", "expiry_month", "expiry_year", "is_default")
    list_filter = ("type", "is_default")
    search_fields = ("user__email", "stripe_payment_method_id")
    ordering = ("-created_at",)


@admin.register(StripeWebhookEvent)
class StripeWebhookEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("stripe_event_id", "type", "received_at", "processed_at", "attempts", "failed")
    list_filter = ("type",)
    search_fields = ("=stripe_event_id",)
    ordering = ("-received_at",)
    actions = ["reprocess"]

    @admin.display(boolean=True, description="failed")
    def failed(self, obj):
        return obj.failed

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("reprocess", None)
        return actions

    @admin.action(description="Reprocess selected events that have not succeeded")
    def reprocess(self, request, queryset):
        ids = list(queryset.filter(processed_at__isnull=True).values_list("stripe_event_id", flat=True))
        succeeded, failed = webhook_replay(event_ids=ids) if ids else (0, 0)
        self.message_user(
            request,
            f"{succeeded} events processed, {failed} failed again.",
            messages.SUCCESS if not failed else messages.WARNING,
        )
