"""Where each learner stands: enrollments in languages, progress through modules and materials."""

from django.db import models

from codezest.db.models import FieldCheckConstraint, UUIDModel, choices_check, now_field, range_check, user_relation
from codezest.db.tables import schema_table
from learning.content.models import Material, Module, ProgrammingLanguage
from learning.schema import SCHEMA


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "ACTIVE", "Active"
    PAUSED = "PAUSED", "Paused"
    COMPLETED = "COMPLETED", "Completed"
    DROPPED = "DROPPED", "Dropped"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "NOT_STARTED", "Not started"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    COMPLETED = "COMPLETED", "Completed"


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
