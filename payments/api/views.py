from django.http import Http404
from rest_framework import generics

from codezest.api.views import SelectorQuerysetMixin
from payments import selectors
from payments.models import Subscription

from . import serializers


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
