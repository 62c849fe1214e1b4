from rest_framework import serializers

from payments.models import Invoice, PaymentMethod, Subscription, Transaction


class SubscriptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subscription
        fields = ["id", "plan", "status", "started_at", "valid_until", "canceled_at", "created_at"]


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
    plan = serializers.ChoiceField(choices=["PRO", "ENTERPRISE"])


class RedirectSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Send the user here.")


class WebhookReceivedSerializer(serializers.Serializer):
    received = serializers.BooleanField()
    event = serializers.CharField(help_text="Stripe's event id.")
