import logging

import stripe
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from codezest.api.views import SelectorQuerysetMixin
from payments import selectors, services
from payments.models import Subscription
from payments.stripe_api import StripeNotConfigured

from . import serializers

logger = logging.getLogger(__name__)


class MySubscription(SelectorQuerysetMixin, generics.RetrieveAPIView):
    serializer_class = serializers.SubscriptionSerializer

    def get_object(self):
        try:
            return selectors.user_subscription(user=self.request.user)
        except Subscription.DoesNotExist as missing:
            raise Http404 from missing


class MyTransactions(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = serializers.TransactionSerializer

    def select(self):
        return selectors.user_transactions(user=self.request.user)


class MyInvoices(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = serializers.InvoiceSerializer

    def select(self):
        return selectors.user_invoices(user=self.request.user)


class MyPaymentMethods(SelectorQuerysetMixin, generics.ListAPIView):
    serializer_class = serializers.PaymentMethodSerializer

    def select(self):
        return selectors.user_payment_methods(user=self.request.user)


class PaymentsUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "payments_unavailable"


class PaymentProviderUnreachable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "payment_provider_unreachable"
    default_detail = "The payment provider is not reachable; try again shortly."
    wait = 30  # DRF's exception handler turns it into Retry-After


def _redirect(start) -> Response:
    try:
        url = start()
    except StripeNotConfigured as missing:
        raise PaymentsUnavailable(str(missing)) from missing
    except stripe.APIConnectionError as unreachable:  # raised by the library once its retries are spent
        logger.warning("Stripe is not reachable: %s", unreachable.user_message or unreachable)
        raise PaymentProviderUnreachable() from unreachable
    return Response(serializers.RedirectSerializer({"url": url}).data)


class CheckoutView(APIView):
    """Start Stripe Checkout for a paid plan; the answer is the URL to send the user to."""

    @extend_schema(request=serializers.CheckoutRequestSerializer, responses={200: serializers.RedirectSerializer})
    def post(self, request):
        chosen = serializers.CheckoutRequestSerializer(data=request.data)
        chosen.is_valid(raise_exception=True)
        return _redirect(lambda: services.checkout_start(user=request.user, plan=chosen.validated_data["plan"]))


class PortalView(APIView):
    """Open Stripe's customer portal, where the user manages their plan and payment methods."""

    @extend_schema(request=None, responses={200: serializers.RedirectSerializer})
    def post(self, request):
        return _redirect(lambda: services.billing_portal_start(user=request.user))


class StripeWebhookView(APIView):
    """Stripe's deliveries: signed, stored once, processed once; a failure answers 500 so Stripe retries."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: serializers.WebhookReceivedSerializer},
        auth=[],
        parameters=[
            OpenApiParameter(
                "Stripe-Signature",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="Stripe's signature of the body; a missing, wrong or stale one is a 400.",
            )
        ],
    )
    def post(self, request):
        try:
            event = services.webhook_receive(payload=request.body, signature=request.headers.get("Stripe-Signature"))
        except services.WebhookRejected as rejected:
            raise exceptions.ValidationError(
                {"Stripe-Signature": [f"Not a genuine Stripe delivery: {rejected}"]}
            ) from rejected
        except StripeNotConfigured as missing:
            raise PaymentsUnavailable(str(missing)) from missing
        return Response(serializers.WebhookReceivedSerializer({"received": True, "event": event.stripe_event_id}).data)
