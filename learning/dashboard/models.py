"""Counts for the staff dashboard, kept by the database as the rows they count change.

Statement-level triggers on the submissions and analyses tables (migration learning 0009) add the rows
each statement inserts, updates or deletes to these counts, whichever service writes them, so that the
dashboard reads a handful of rows instead of counting millions on every load.

The counts have no CHECK against negatives: a trigger adds a negative change as a proposed row, which
PostgreSQL checks before merging it into the existing count; and a count gone wrong must never refuse
a learner's submission.
"""

from django.db import models

from codezest.db.models import UUIDModel, choices_check
from codezest.db.tables import schema_table
from learning.assignments.models import SubmissionStatus
from learning.schema import SCHEMA


class SubmissionCount(UUIDModel):
    """How many submissions there are in each language and status."""

    language = models.CharField(max_length=50, help_text="The language of the submissions' code.")
    status = models.CharField(max_length=20, choices=SubmissionStatus)
    submissions = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        db_table = schema_table(SCHEMA, "submission_counts")
        verbose_name = "submission count"
        verbose_name_plural = "submission counts"
        ordering = ["language", "status"]
        constraints = [
            models.UniqueConstraint(fields=["language", "status"], name="submission_counts_key_unique"),
            choices_check("status", SubmissionStatus, name="submission_counts_status_valid"),
        ]

    def __str__(self):
        return f"{self.submissions} {self.get_status_display().lower()} in {self.language}"


class SubmissionQuarterHourCount(UUIDModel):
    """How many submissions were made in each quarter of an hour.

    Local midnight falls on a quarter hour in every time zone, so a local day's count is a sum of quarters.
    """

    starts_at = models.DateTimeField(help_text="The start of the quarter hour.")
    submissions = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        db_table = schema_table(SCHEMA, "submission_quarter_hour_counts")
        verbose_name = "submissions in a quarter hour"
        verbose_name_plural = "submissions per quarter hour"
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["starts_at"], name="submission_quarter_hours_unique"),
        ]

    def __str__(self):
        return f"{self.submissions} submissions from {self.starts_at:%Y-%m-%d %H:%M}"


class AnalysisKind(models.TextChoices):
    ASSIGNMENT = "assignment", "Assignment analyses"
    QUIZ = "quiz", "Quiz analyses"


class AwaitingReviewCount(UUIDModel):
    """How many analyses of each kind await an instructor's review (``awaiting_review``)."""

    kind = models.CharField(max_length=20, choices=AnalysisKind)
    analyses = models.BigIntegerField(default=0, db_default=0)

    class Meta:
        db_table = schema_table(SCHEMA, "awaiting_review_counts")
        verbose_name = "analyses awaiting review"
        verbose_name_plural = "analyses awaiting review"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind"], name="awaiting_review_counts_kind_unique"),
            choices_check("kind", AnalysisKind, name="awaiting_review_counts_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} awaiting review: {self.analyses}"
