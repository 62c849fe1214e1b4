"""What learners study: languages, their modules, and each module's materials."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
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
from learning.schema import SCHEMA


class Difficulty(models.TextChoices):
    BEGINNER = "BEGINNER", "Beginner"
    INTERMEDIATE = "INTERMEDIATE", "Intermediate"
    ADVANCED = "ADVANCED", "Advanced"


class MaterialType(models.TextChoices):
    VIDEO = "VIDEO", "Video"
    ARTICLE = "ARTICLE", "Article"
    CODE_EXAMPLE = "CODE_EXAMPLE", "Code example"
    INTERACTIVE = "INTERACTIVE", "Interactive"


# Language search (learning.content.selectors.languages_matching) is full-text with this configuration:
# words as written, lower-cased, unstemmed, so that a prefix of a name finds it.
SEARCH_CONFIG = "simple"


def language_search_vector() -> SearchVector:
    """The words of a language's name and description; the GIN index languages_search_idx holds them."""
    return SearchVector("name", "description", config=SEARCH_CONFIG)


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
        indexes = [
            models.Index(fields=["is_active"], name="languages_is_active_idx"),
            GinIndex(language_search_vector(), name="languages_search_idx"),
        ]

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
