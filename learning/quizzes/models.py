"""Multiple-choice quizzes, and the attempts and answers of students who take them."""

from django.core.exceptions import ValidationError
from django.db import models

from codezest.db.models import UUIDModel, now_field, range_check, user_relation
from codezest.db.tables import schema_table
from learning.content.models import ContentModel, Module
from learning.schema import SCHEMA


class MCQQuiz(ContentModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="quizzes")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, db_default="")
    passing_score = models.SmallIntegerField(default=70, db_default=70, help_text="Percent, 0 to 100.")
    time_limit = models.IntegerField(null=True, blank=True, help_text="Minutes; empty for no limit.")

    class Meta:
        db_table = schema_table(SCHEMA, "mcq_quizzes")
        verbose_name = "quiz"
        verbose_name_plural = "quizzes"
        ordering = ["module_id", "title"]
        constraints = [
            range_check("passing_score", minimum=0, maximum=100, name="mcq_quizzes_passing_score_percent"),
            range_check("time_limit", minimum=1, name="mcq_quizzes_time_limit_positive"),
        ]

    def __str__(self):
        return self.title


class MCQQuestion(ContentModel):
    quiz = models.ForeignKey(MCQQuiz, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField()
    explanation = models.TextField(blank=True, db_default="", help_text="Shown after answering.")
    topic = models.CharField(
        max_length=100, blank=True, db_default="", help_text="Groups questions in a quiz analysis."
    )
    order = models.IntegerField(default=0, db_default=0)
    points = models.IntegerField(default=1, db_default=1)

    class Meta:
        db_table = schema_table(SCHEMA, "mcq_questions")
        verbose_name = "question"
        verbose_name_plural = "questions"
        ordering = ["quiz_id", "order"]
        constraints = [
            range_check("order", minimum=0, name="mcq_questions_order_not_negative"),
            range_check("points", minimum=1, name="mcq_questions_points_positive"),
        ]
        indexes = [models.Index(fields=["quiz", "order"], name="mcq_questions_quiz_order_idx")]

    def __str__(self):
        return self.question[:80]


class MCQOption(ContentModel):
    question = models.ForeignKey(MCQQuestion, on_delete=models.CASCADE, related_name="options")
    option_text = models.TextField()
    is_correct = models.BooleanField(default=False, db_default=False)
    order = models.IntegerField(default=0, db_default=0)

    class Meta:
        db_table = schema_table(SCHEMA, "mcq_options")
        verbose_name = "option"
        verbose_name_plural = "options"
        ordering = ["question_id", "order"]
        constraints = [range_check("order", minimum=0, name="mcq_options_order_not_negative")]

    def __str__(self):
        return self.option_text[:80]


class MCQAttempt(UUIDModel):
    user = user_relation(related_name="quiz_attempts")
    quiz = models.ForeignKey(MCQQuiz, on_delete=models.CASCADE, related_name="attempts")
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True, help_text="Percent, 0 to 100.")
    started_at = now_field("started at")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "mcq_attempts")
        verbose_name = "quiz attempt"
        verbose_name_plural = "quiz attempts"
        ordering = ["-started_at"]
        constraints = [range_check("score", minimum=0, maximum=100, name="mcq_attempts_score_percent")]
        indexes = [
            models.Index(fields=["user", "-started_at"], name="attempts_user_newest_idx"),
            # Newest first with the id as tie-breaker, as the admin lists them (and per quiz, which the
            # quiz analyses' list filtered by quiz follows).
            models.Index(fields=["-started_at", "-id"], name="attempts_newest_idx"),
            models.Index(fields=["quiz", "-started_at", "-id"], name="attempts_quiz_newest_idx"),
            # One learner's page in the API's cursor order (newest first by the UUIDv7 key).
            models.Index(fields=["user", "-id"], name="attempts_user_cursor_idx"),
        ]

    def __str__(self):
        return f"{self.user} on {self.quiz}"


class MCQAnswer(UUIDModel):
    # A student learns whether an answer was right once its attempt is submitted, not while answering.
    CORRECTNESS_SHOWN = models.Q(attempt__completed_at__isnull=False)

    attempt = models.ForeignKey(MCQAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(MCQQuestion, on_delete=models.CASCADE, related_name="answers")
    selected_option = models.ForeignKey(
        MCQOption, on_delete=models.SET_NULL, null=True, blank=True, related_name="answers"
    )
    is_correct = models.BooleanField(default=False, db_default=False)
    answered_at = now_field("answered at")

    class Meta:
        db_table = schema_table(SCHEMA, "mcq_answers")
        verbose_name = "quiz answer"
        verbose_name_plural = "quiz answers"
        ordering = ["attempt_id", "answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="mcq_answers_attempt_question_unique"),
        ]

    def __str__(self):
        return f"Answer to {self.question}"

    @property
    def shown_correctness(self) -> bool | None:
        """``is_correct`` once the attempt is submitted (``CORRECTNESS_SHOWN``), else None."""
        return self.is_correct if self.attempt.completed_at else None

    def clean(self):
        super().clean()
        if self.question_id and self.attempt_id and self.question.quiz_id != self.attempt.quiz_id:
            raise ValidationError({"question": "The question is not part of this attempt's quiz."})
        if self.selected_option_id and self.question_id and self.selected_option.question_id != self.question_id:
            raise ValidationError({"selected_option": "The option does not belong to this question."})
