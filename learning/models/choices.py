from django.db import models

SCHEMA = "learning"


class Difficulty(models.TextChoices):
    BEGINNER = "BEGINNER", "Beginner"
    INTERMEDIATE = "INTERMEDIATE", "Intermediate"
    ADVANCED = "ADVANCED", "Advanced"


class MaterialType(models.TextChoices):
    VIDEO = "VIDEO", "Video"
    ARTICLE = "ARTICLE", "Article"
    CODE_EXAMPLE = "CODE_EXAMPLE", "Code example"
    INTERACTIVE = "INTERACTIVE", "Interactive"


class EnrollmentStatus(models.TextChoices):
    ACTIVE = "ACTIVE", "Active"
    PAUSED = "PAUSED", "Paused"
    COMPLETED = "COMPLETED", "Completed"
    DROPPED = "DROPPED", "Dropped"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "NOT_STARTED", "Not started"
    IN_PROGRESS = "IN_PROGRESS", "In progress"
    COMPLETED = "COMPLETED", "Completed"


class SubmissionStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    RUNNING = "RUNNING", "Running"
    PASSED = "PASSED", "Passed"
    FAILED = "FAILED", "Failed"
    ERROR = "ERROR", "Error"


class AnalysisType(models.TextChoices):
    AI = "AI", "AI"
    MANUAL = "MANUAL", "Manual"
    HYBRID = "HYBRID", "Hybrid (AI reviewed by an instructor)"
