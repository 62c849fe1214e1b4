"""What learners study: languages, their modules, and each module's materials, assignments and quizzes."""

from django.db import models

from codezest.db.models import (
    SoftDeleteModel,
    TimestampedModel,
    choices_check,
    not_blank_check,
    not_deleted,
    range_check,
)
from codezest.db.tables import schema_table
from learning.validators import validate_hints, validate_test_cases

from .choices import SCHEMA, Difficulty, MaterialType


class ContentModel(SoftDeleteModel, TimestampedModel):
    class Meta:
        abstract = True


class ProgrammingLanguage(ContentModel):
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True, db_default="")
    icon = models.CharField(max_length=500, blank=True, db_default="", help_text="An image URL or an emoji.")
    difficulty = models.CharField(
        max_length=20, choices=Difficulty, default=Difficulty.BEGINNER, db_default=Difficulty.BEGINNER
    )
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = schema_table(SCHEMA, "programming_languages")
        verbose_name = "programming language"
        verbose_name_plural = "programming languages"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], condition=not_deleted(), name="programming_languages_name_unique"),
            models.UniqueConstraint(fields=["slug"], condition=not_deleted(), name="programming_languages_slug_unique"),
            choices_check("difficulty", Difficulty, name="programming_languages_difficulty_valid"),
            not_blank_check("name", name="programming_languages_name_not_blank"),
            not_blank_check("slug", name="programming_languages_slug_not_blank"),
        ]
        indexes = [models.Index(fields=["is_active"], name="languages_is_active_idx")]

    def __str__(self):
        return self.name


class Module(ContentModel):
    language = models.ForeignKey(ProgrammingLanguage, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(blank=True, db_default="")
    syllabus = models.TextField(blank=True, db_default="")
    order = models.IntegerField(default=0, db_default=0)

    class Meta:
        db_table = schema_table(SCHEMA, "modules")
        verbose_name = "module"
        verbose_name_plural = "modules"
        ordering = ["language_id", "order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], condition=not_deleted(), name="modules_language_slug_unique"
            ),
            range_check("order", minimum=0, name="modules_order_not_negative"),
            not_blank_check("slug", name="modules_slug_not_blank"),
        ]
        indexes = [models.Index(fields=["language", "order"], name="modules_language_order_idx")]

    def __str__(self):
        return self.title


class Material(ContentModel):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    type = models.CharField(max_length=20, choices=MaterialType)
    content = models.TextField(
        blank=True, db_default="", help_text="A URL for a video, markdown for an article, code for a code example."
    )
    duration = models.IntegerField(null=True, blank=True, help_text="Minutes.")
    order = models.IntegerField(default=0, db_default=0)

    class Meta:
        db_table = schema_table(SCHEMA, "materials")
        verbose_name = "material"
        verbose_name_plural = "materials"
        ordering = ["module_id", "order", "title"]
        constraints = [
            choices_check("type", MaterialType, name="materials_type_valid"),
            range_check("duration", minimum=0, name="materials_duration_not_negative"),
            range_check("order", minimum=0, name="materials_order_not_negative"),
        ]
        indexes = [
            models.Index(fields=["module", "order"], name="materials_module_order_idx"),
            models.Index(fields=["type"], name="materials_type_idx"),
        ]

    def __str__(self):
        return self.title


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
        ]
        indexes = [models.Index(fields=["difficulty"], name="assignments_difficulty_idx")]

    def __str__(self):
        return self.title


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
