from rest_framework import serializers

from payments.models import PAID_PLANS, Invoice, PaymentMethod, Subscription, Transaction
from payments.selectors import plan_in_force


class SubscriptionSerializer(serializers.ModelSerializer):
    effective_plan = serializers.SerializerMethodField(
        help_text="The plan in force now: a canceled or lapsed paid plan falls back to FREE at its period's end."
    )

    class Meta:
        model = Subscription
        fields = ["id", "plan", "status", "effective_plan", "started_at", "valid_until", "canceled_at", "created_at"]

    def get_effective_plan(self, subscription) -> str:
        return plan_in_force(subscription)


class TransactionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Transaction
        fields = [
            "id",
            "amount",
            "currency",
            "status",
            "payment_method",
            "description",
            "created_at",
            "paid_at",
            "failed_at",
        ]


class InvoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invoice
        fields = [
            "id",
            "invoice_number",
            "amount",
            "tax",
            "total",
            "currency",
            "status",
            "invoice_url",
            "issued_at",
            "due_at",
            "paid_at",
        ]


class PaymentMethodSerializer(serializers.ModelSerializer):
    class Meta:
        model = PaymentMethod
        fields = ["id", "type", "brand", "last4", "expiry_month", "expiry_year", "is_default", "created_at"]


class CheckoutRequestSerializer(serializers.Serializer):
    plan = serializers.ChoiceField(choices=[plan.value for plan in PAID_PLANS])


class RedirectSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Send the user here.")


class WebhookReceivedSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    event = serializers.CharField(help_text="Stripe's event id.")
