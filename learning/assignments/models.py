"""Coding assignments and the code students submit for them."""

from django.db import models

from codezest.db.models import UUIDModel, choices_check, jsonb_shape_check, now_field, range_check, user_relation
from codezest.db.tables import schema_table
from learning.content.models import ContentModel, Difficulty, Module
from learning.schema import SCHEMA
from learning.validators import validate_hints, validate_test_cases

from .grader.results import Verdict


class SubmissionStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    RUNNING = "RUNNING", "Running"
    PASSED = "PASSED", "Passed"
    FAILED = "FAILED", "Failed"
    ERROR = "ERROR", "Error"


class Assignment(ContentModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, db_default="")
    difficulty = models.CharField(
        max_length=20, choices=Difficulty, default=Difficulty.BEGINNER, db_default=Difficulty.BEGINNER
    )
    starter_code = models.TextField(blank=True, db_default="")
    test_cases = models.JSONField(
        default=list,
        db_default=[],
        blank=True,
        validators=[validate_test_cases],
        help_text='List of {"input": text, "expected_output": text, "hidden": true/false}.',
    )
    hints = models.JSONField(
        default=list, db_default=[], blank=True, validators=[validate_hints], help_text="List of hint texts."
    )
    max_score = models.IntegerField(default=100, db_default=100)
    time_limit = models.IntegerField(null=True, blank=True, help_text="Minutes; empty for no limit.")

    class Meta:
        db_table = schema_table(SCHEMA, "assignments")
        verbose_name = "assignment"
        verbose_name_plural = "assignments"
        ordering = ["module_id", "title"]
        constraints = [
            choices_check("difficulty", Difficulty, name="assignments_difficulty_valid"),
            range_check("max_score", minimum=1, name="assignments_max_score_positive"),
            range_check("time_limit", minimum=1, name="assignments_time_limit_positive"),
            jsonb_shape_check(
                "test_cases",
                kind="array",
                invalid=(
                    '$[*] ? (@.type() != "object" || !exists(@.expected_output) || @.expected_output.type() != "string"'
                    ' || (exists(@.input) && @.input.type() != "string")'
                    ' || (exists(@.hidden) && @.hidden.type() != "boolean"))',
                    '$[*].keyvalue() ? (@.key != "input" && @.key != "expected_output" && @.key != "hidden")',
                ),
                name="assignments_test_cases_shape",
                message='Test cases must be a list of {"input": text, "expected_output": text, "hidden": true/false}.',
            ),
            jsonb_shape_check(
                "hints",
                kind="array",
                invalid=('$[*] ? (@.type() != "string" || @ == "")',),
                name="assignments_hints_shape",
                message="Hints must be a list of non-empty strings.",
            ),
        ]
        indexes = [models.Index(fields=["difficulty"], name="assignments_difficulty_idx")]

    def __str__(self):
        return self.title


class AssignmentSubmission(UUIDModel):
    user = user_relation(related_name="assignment_submissions")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    code = models.TextField()
    language = models.CharField(max_length=50, help_text='The language of the code, e.g. "python".')
    status = models.CharField(
        max_length=20, choices=SubmissionStatus, default=SubmissionStatus.PENDING, db_default=SubmissionStatus.PENDING
    )
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(blank=True, db_default="")
    submitted_at = now_field("submitted at")
    graded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "assignment_submissions")
        verbose_name = "assignment submission"
        verbose_name_plural = "assignment submissions"
        ordering = ["-submitted_at"]
        constraints = [
            choices_check("status", SubmissionStatus, name="assignment_submissions_status_valid"),
            range_check("score", minimum=0, name="assignment_submissions_score_not_negative"),
        ]
        indexes = [
            models.Index(fields=["assignment", "status"], name="submissions_assign_status_idx"),
            models.Index(fields=["user", "-submitted_at"], name="submissions_user_newest_idx"),
            # Newest first with the id as tie-breaker, as the admin lists them: overall, per status, per
            # language, and per assignment (the analyses' list filtered by assignment follows it).
            models.Index(fields=["-submitted_at", "-id"], name="submissions_newest_idx"),
            models.Index(fields=["status", "-submitted_at", "-id"], name="submissions_status_newest_idx"),
            models.Index(fields=["language", "-submitted_at", "-id"], name="submissions_lang_newest_idx"),
            models.Index(fields=["assignment", "-submitted_at", "-id"], name="submissions_assign_newest_idx"),
            # One learner's page in the API's cursor order (newest first by the UUIDv7 key).
            models.Index(fields=["user", "-id"], name="submissions_user_cursor_idx"),
        ]

    def __str__(self):
        return f"{self.user} on {self.assignment} ({self.status})"


class SubmissionTestResult(UUIDModel):
    """One test case of one grading run: its verdict, cost, and the first bytes the program wrote."""

    submission = models.ForeignKey(AssignmentSubmission, on_delete=models.CASCADE, related_name="test_results")
    number = models.SmallIntegerField(help_text="The test case's place in the assignment's list, from 1.")
    hidden = models.BooleanField(default=False, db_default=False)
    verdict = models.CharField(max_length=20, choices=Verdict)
    time_ms = models.IntegerField("CPU time (ms)", null=True, blank=True)
    wall_time_ms = models.IntegerField("wall time (ms)", null=True, blank=True)
    memory_kb = models.IntegerField("peak memory (KB)", null=True, blank=True)
    stdout = models.TextField(blank=True, db_default="", help_text="The first few KB the program wrote.")
    stderr = models.TextField(blank=True, db_default="", help_text="The first few KB of its errors.")

    class Meta:
        db_table = schema_table(SCHEMA, "submission_test_results")
        verbose_name = "test result"
        verbose_name_plural = "test results"
        ordering = ["submission_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="submission_test_results_number_unique"),
            choices_check("verdict", Verdict, name="submission_test_results_verdict_valid"),
            range_check("number", minimum=1, name="submission_test_results_number_positive"),
            range_check("time_ms", minimum=0, name="submission_test_results_time_not_negative"),
            range_check("wall_time_ms", minimum=0, name="submission_test_results_wall_time_not_negative"),
            range_check("memory_kb", minimum=0, name="submission_test_results_memory_not_negative"),
        ]

    def __str__(self):
        return f"Test {self.number}: {self.get_verdict_display()}"
