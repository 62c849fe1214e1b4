from django.urls import path

from . import views

urlpatterns = [
    path("me/subscription", views.MySubscription.as_view(), name="my-subscription"),
    path("me/transactions", views.MyTransactions.as_view(), name="my-transactions"),
    path("me/invoices", views.MyInvoices.as_view(), name="my-invoices"),
    path("me/payment-methods", views.MyPaymentMethods.as_view(), name="my-payment-methods"),
    path("payments/checkout", views.CheckoutView.as_view(), name="payments-checkout"),
    path("payments/portal", views.PortalView.as_view(), name="payments-portal"),
    path("payments/stripe/webhook", views.StripeWebhookView.as_view(), name="stripe-webhook"),
]
