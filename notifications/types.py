"""What a notification can be about: a small module that the apps sending notifications import."""

from django.db import models


class NotificationType(models.TextChoices):
    """What a notification tells the user; the database refuses any other (``notifications_type_valid``)."""

    LANGUAGE_COMPLETED = "language_completed", "Language completed"
    MODULE_COMPLETED = "module_completed", "Module completed"
    QUIZ_COMPLETED = "quiz_completed", "Quiz completed"
    ASSIGNMENT_ANALYZED = "assignment_analyzed", "Assignment analysed"
    ANALYSIS_REVIEWED = "analysis_reviewed", "Work reviewed by an instructor"
    SUBSCRIPTION_CHANGED = "subscription_changed", "Plan changed"
    PAYMENT_SUCCESS = "payment_success", "Payment received"
    INVOICE_ISSUED = "invoice_issued", "Invoice issued"
    PAYMENT_FAILED = "payment_failed", "Payment failed"
    PAYMENT_REFUNDED = "payment_refunded", "Payment refunded"
    PAYMENT_METHOD_ADDED = "payment_method_added", "Payment method added"
    PAYMENT_METHOD_REMOVED = "payment_method_removed", "Payment method removed"
    FAILED_LOGINS = "failed_logins", "Failed logins to your account"
