"""Where each learner stands: enrollments, progress, submissions, quiz attempts and answers."""

from django.core.exceptions import ValidationError
from django.db import models

from codezest.db.models import FieldCheckConstraint, UUIDModel, choices_check, now_field, range_check, user_relation
from codezest.db.tables import schema_table

from .choices import SCHEMA, EnrollmentStatus, ProgressStatus, SubmissionStatus
from .content import Assignment, Material, MCQOption, MCQQuestion, MCQQuiz, Module, ProgrammingLanguage


def completed_has_time(status_field: str, completed, *, name: str) -> FieldCheckConstraint:
    """A completed row says when it was completed."""
    return FieldCheckConstraint(
        field="completed_at",
        condition=~models.Q(**{status_field: completed}) | models.Q(completed_at__isnull=False),
        name=name,
        violation_error_message="A completed row needs its completion time.",
    )


class LanguageEnrollment(UUIDModel):
    user = user_relation(related_name="language_enrollments")
    language = models.ForeignKey(ProgrammingLanguage, on_delete=models.CASCADE, related_name="enrollments")
    status = models.CharField(
        max_length=20, choices=EnrollmentStatus, default=EnrollmentStatus.ACTIVE, db_default=EnrollmentStatus.ACTIVE
    )
    enrolled_at = now_field("enrolled at")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "language_enrollments")
        verbose_name = "language enrollment"
        verbose_name_plural = "language enrollments"
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "language"], name="language_enrollments_user_language_unique"),
            choices_check("status", EnrollmentStatus, name="language_enrollments_status_valid"),
            completed_has_time("status", EnrollmentStatus.COMPLETED, name="language_enrollments_completed_has_time"),
        ]
        indexes = [models.Index(fields=["status"], name="enrollments_status_idx")]

    def __str__(self):
        return f"{self.user} in {self.language}"


class ModuleProgress(UUIDModel):
    user = user_relation(related_name="module_progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(
        max_length=20, choices=ProgressStatus, default=ProgressStatus.NOT_STARTED, db_default=ProgressStatus.NOT_STARTED
    )
    progress_percent = models.SmallIntegerField(default=0, db_default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_accessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "module_progress")
        verbose_name = "module progress"
        verbose_name_plural = "module progress"
        ordering = ["user_id", "module_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "module"], name="module_progress_user_module_unique"),
            choices_check("status", ProgressStatus, name="module_progress_status_valid"),
            range_check("progress_percent", minimum=0, maximum=100, name="module_progress_percent_range"),
            completed_has_time("status", ProgressStatus.COMPLETED, name="module_progress_completed_has_time"),
        ]
        indexes = [models.Index(fields=["status"], name="module_progress_status_idx")]

    def __str__(self):
        return f"{self.user} on {self.module}: {self.progress_percent}%"


class MaterialProgress(UUIDModel):
    user = user_relation(related_name="material_progress")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="progress")
    completed = models.BooleanField(default=False, db_default=False)
    view_count = models.IntegerField(default=0, db_default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = schema_table(SCHEMA, "material_progress")
        verbose_name = "material progress"
        verbose_name_plural = "material progress"
        ordering = ["user_id", "material_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "material"], name="material_progress_user_material_unique"),
            range_check("view_count", minimum=0, name="material_progress_view_count_not_negative"),
            completed_has_time("completed", True, name="material_progress_completed_has_time"),
        ]
        indexes = [models.Index(fields=["completed"], name="material_progress_done_idx")]

    def __str__(self):
        return f"{self.user} on {self.material}"


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
            models.Index(fields=["status"], name="submissions_status_idx"),
        ]

    def __str__(self):
        return f"{self.user} on {self.assignment} ({self.status})"


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
        indexes = [models.Index(fields=["user", "-started_at"], name="attempts_user_newest_idx")]

    def __str__(self):
        return f"{self.user} on {self.quiz}"


class MCQAnswer(UUIDModel):
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

    def clean(self):
        super().clean()
        if self.question_id and self.attempt_id and self.question.quiz_id != self.attempt.quiz_id:
            raise ValidationError({"question": "The question is not part of this attempt's quiz."})
        if self.selected_option_id and self.question_id and self.selected_option.question_id != self.question_id:
            raise ValidationError({"selected_option": "The option does not belong to this question."})
