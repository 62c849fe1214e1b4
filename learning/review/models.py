"""Feedback on a submission or an attempt: by an AI, an instructor, or an AI reviewed by an instructor."""

from django.db import models

from codezest.db.models import (
    FieldCheckConstraint,
    TimestampedModel,
    choices_check,
    finite_check,
    jsonb_shape_check,
    range_check,
    text_list_field,
    user_relation,
)
from codezest.db.tables import schema_table
from learning.assignments.models import AssignmentSubmission
from learning.quizzes.models import MCQAttempt
from learning.schema import SCHEMA
from learning.validators import CODE_QUALITY_KEYS, validate_code_quality, validate_performance_breakdown


class AnalysisType(models.TextChoices):
    AI = "AI", "AI"
    MANUAL = "MANUAL", "Manual"
    HYBRID = "HYBRID", "Hybrid (AI reviewed by an instructor)"


# The one definition of "awaiting review": an AI analysis no instructor has reviewed yet.
AWAITING_REVIEW = models.Q(analysis_type=AnalysisType.AI, reviewed_at__isnull=True)


# The review queue's order: awaiting review first, oldest first, the id breaking ties (the admin lists them so).
REVIEW_QUEUE_ORDER = ("-awaiting_review", "created_at", "-id")

# Bands of the overall score (percent, inclusive) that staff filter the queue by; "none" is no score.
SCORE_BANDS = {"0-39": (0, 39), "40-59": (40, 59), "60-79": (60, 79), "80-100": (80, 100)}


def score_band(band: str) -> models.Q:
    """The analyses in a score band; each band has a partial index in the queue's order."""
    if band == "none":
        return models.Q(overall_score__isnull=True)
    low, high = SCORE_BANDS[band]
    return models.Q(overall_score__gte=low, overall_score__lte=high)


def review_queue_indexes(prefix: str) -> list[models.Index]:
    """The queue's order, overall (and so per review state) and per analysis type."""
    return [
        models.Index(fields=list(REVIEW_QUEUE_ORDER), name=f"{prefix}_review_idx"),
        models.Index(fields=["analysis_type", *REVIEW_QUEUE_ORDER], name=f"{prefix}_type_idx"),
    ]


class AnalysisQuerySet(models.QuerySet):
    def awaiting_review(self):
        return self.filter(awaiting_review=True)

    def reviewed(self):
        return self.filter(awaiting_review=False)


class Analysis(TimestampedModel):
    analysis_type = models.CharField(
        max_length=10, choices=AnalysisType, default=AnalysisType.AI, db_default=AnalysisType.AI
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, help_text="When an instructor reviewed it.")
    awaiting_review = models.GeneratedField(
        expression=AWAITING_REVIEW,
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name="awaiting review",
        help_text="An AI analysis no instructor has reviewed yet; kept by the database.",
    )
    ai_model = models.CharField(
        "AI model", max_length=100, blank=True, db_default="", help_text='e.g. "gpt-4", "claude-3".'
    )

    objects = AnalysisQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_reviewed(self) -> bool:
        """A person wrote or reviewed it: automatic analysis never overwrites it."""
        return not self.awaiting_review


def code_quality_in_range(key: str) -> FieldCheckConstraint:
    """The score is absent, or a JSON number from 0 to 10 (jsonb orders strings and null below numbers)."""
    return FieldCheckConstraint(
        field="code_quality",
        condition=models.Q(**{f"code_quality__{key}__isnull": True})
        | models.Q(**{f"code_quality__{key}__gte": 0, f"code_quality__{key}__lte": 10}),
        name=f"assignment_analyses_{key}_range",
        violation_error_message=f"{key} must be a number from 0 to 10.",
    )


class AssignmentAnalysis(Analysis):
    submission = models.OneToOneField(AssignmentSubmission, on_delete=models.CASCADE, related_name="analysis")
    overall_score = models.SmallIntegerField(null=True, blank=True, help_text="0 to 100.")
    strengths = text_list_field()
    weaknesses = text_list_field()
    suggestions = text_list_field()
    code_quality = models.JSONField(
        default=dict,
        db_default={},
        blank=True,
        validators=[validate_code_quality],
        help_text='{"readability": 0-10, "efficiency": 0-10, "best_practices": 0-10}',
    )
    detailed_feedback = models.TextField(blank=True, db_default="")
    ai_prompt = models.TextField("AI prompt", blank=True, db_default="")
    analyzed_by = user_relation(related_name="reviewed_assignment_analyses", on_delete=models.SET_NULL, null=True)

    class Meta(Analysis.Meta):
        db_table = schema_table(SCHEMA, "assignment_analyses")
        verbose_name = "assignment analysis"
        verbose_name_plural = "assignment analyses"
        constraints = [
            choices_check("analysis_type", AnalysisType, name="assignment_analyses_type_valid"),
            range_check("overall_score", minimum=0, maximum=100, name="assignment_analyses_score_percent"),
            *(code_quality_in_range(key) for key in CODE_QUALITY_KEYS),
            jsonb_shape_check(
                "code_quality",
                kind="object",
                invalid=(
                    "$.keyvalue() ? ("
                    + " && ".join(f'@.key != "{key}"' for key in CODE_QUALITY_KEYS)
                    + ' || @.value.type() != "number")',
                ),
                name="assignment_analyses_code_quality_shape",
                message=f"Code quality must be an object of {', '.join(CODE_QUALITY_KEYS)}, each a number.",
            ),
        ]
        indexes = [
            models.Index(fields=["analysis_type", "-created_at"], name="assignment_analyses_queue_idx"),
            *review_queue_indexes("assignment_analyses"),
            *(
                models.Index(
                    fields=list(REVIEW_QUEUE_ORDER),
                    condition=score_band(band),
                    name=f"analyses_score_{band.replace('-', '_')}_idx",
                )
                for band in [*SCORE_BANDS, "none"]
            ),
        ]

    def __str__(self):
        return f"{self.get_analysis_type_display()} analysis of {self.submission}"


class QuizAnalysis(Analysis):
    attempt = models.OneToOneField(MCQAttempt, on_delete=models.CASCADE, related_name="analysis")
    performance_breakdown = models.JSONField(
        default=dict,
        db_default={},
        blank=True,
        validators=[validate_performance_breakdown],
        help_text='{"topic": percent from 0 to 100, ...}',
    )
    strong_topics = text_list_field()
    weak_topics = text_list_field()
    recommendations = text_list_field()
    insights = models.TextField(blank=True, db_default="")
    avg_time_per_question = models.FloatField("average seconds per question", null=True, blank=True)
    time_management = models.CharField(
        max_length=50, blank=True, db_default="", help_text='e.g. "Good", "Needs improvement".'
    )
    analyzed_by = user_relation(related_name="reviewed_quiz_analyses", on_delete=models.SET_NULL, null=True)

    class Meta(Analysis.Meta):
        db_table = schema_table(SCHEMA, "quiz_analyses")
        verbose_name = "quiz analysis"
        verbose_name_plural = "quiz analyses"
        constraints = [
            choices_check("analysis_type", AnalysisType, name="quiz_analyses_type_valid"),
            range_check("avg_time_per_question", minimum=0, name="quiz_analyses_avg_time_not_negative"),
            finite_check("avg_time_per_question", name="quiz_analyses_avg_time_finite"),
            jsonb_shape_check(
                "performance_breakdown",
                kind="object",
                invalid=('$.keyvalue() ? (@.key == "" || @.value.type() != "number" || @.value < 0 || @.value > 100)',),
                name="quiz_analyses_breakdown_shape",
                message="Performance breakdown must be an object of topic to a percent from 0 to 100.",
            ),
        ]
        indexes = [
            models.Index(fields=["analysis_type", "-created_at"], name="quiz_analyses_queue_idx"),
            *review_queue_indexes("quiz_analyses"),
        ]

    def __str__(self):
        return f"{self.get_analysis_type_display()} analysis of {self.attempt}"
