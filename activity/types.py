"""What a user's activity can be: a small module that the apps recording activities import."""

from django.db import models


class ActivityType(models.TextChoices):
    """A step in the user's feed; the database refuses any other (``user_activities_type_valid``)."""

    SIGNED_UP = "signed_up", "Signed up"
    LANGUAGE_ENROLLED = "language_enrolled", "Enrolled in a language"
    LANGUAGE_ACTIVE = "language_active", "Resumed a language"
    LANGUAGE_PAUSED = "language_paused", "Paused a language"
    LANGUAGE_DROPPED = "language_dropped", "Dropped a language"
    LANGUAGE_COMPLETED = "language_completed", "Completed a language"
    MODULE_STARTED = "module_started", "Started a module"
    MODULE_COMPLETED = "module_completed", "Completed a module"
    QUIZ_STARTED = "quiz_started", "Started a quiz"
    QUIZ_COMPLETED = "quiz_completed", "Completed a quiz"
    ASSIGNMENT_SUBMITTED = "assignment_submitted", "Submitted an assignment"
    ASSIGNMENT_ANALYZED = "assignment_analyzed", "Assignment analysed"
    ANALYSIS_REVIEWED = "analysis_reviewed", "Work reviewed by an instructor"
    SUBSCRIPTION_UPGRADED = "subscription_upgraded", "Upgraded the plan"
    SUBSCRIPTION_CHANGED = "subscription_changed", "Plan changed"
    PAYMENT_SUCCESS = "payment_success", "Payment received"
    INVOICE_ISSUED = "invoice_issued", "Invoice issued"
    PAYMENT_FAILED = "payment_failed", "Payment failed"
    PAYMENT_REFUNDED = "payment_refunded", "Payment refunded"
    PAYMENT_METHOD_ADDED = "payment_method_added", "Payment method added"
    PAYMENT_METHOD_REMOVED = "payment_method_removed", "Payment method removed"
