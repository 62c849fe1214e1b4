from decimal import Decimal

import factory
from django.utils import timezone

from learning.models import (
    AnalysisKind,
    AnalysisType,
    Assignment,
    AssignmentAnalysis,
    AssignmentSubmission,
    AwaitingReviewCount,
    LanguageEnrollment,
    Material,
    MaterialProgress,
    MaterialType,
    MCQAnswer,
    MCQAttempt,
    MCQOption,
    MCQQuestion,
    MCQQuiz,
    Module,
    ModuleProgress,
    ProgrammingLanguage,
    QuizAnalysis,
    SubmissionCount,
    SubmissionQuarterHourCount,
    SubmissionTestResult,
)
from tests.accounts.factories import UserFactory


class ProgrammingLanguageFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Language {n}")
    slug = factory.Sequence(lambda n: f"language-{n}")
    description = factory.Faker("sentence")
    icon = "🐍"

    class Meta:
        model = ProgrammingLanguage
        django_get_or_create = ("slug",)  # "python" is one language, however many tests ask for it


class ModuleFactory(factory.django.DjangoModelFactory):
    language = factory.SubFactory(ProgrammingLanguageFactory)
    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Module


class MaterialFactory(factory.django.DjangoModelFactory):
    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Material {n}")
    type = MaterialType.ARTICLE
    content = "# Variables\nA name for a value."
    duration = 10
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Material


class AssignmentFactory(factory.django.DjangoModelFactory):
    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Assignment {n}")
    description = "Return the sum of two numbers."
    starter_code = "def add(a, b):\n    pass\n"
    test_cases = factory.LazyFunction(
        lambda: [
            {"input": "1 2", "expected_output": "3", "hidden": False},
            {"input": "-1 1", "expected_output": "0", "hidden": True},
        ]
    )
    hints = factory.LazyFunction(lambda: ["Use the + operator."])

    class Meta:
        model = Assignment


class MCQQuizFactory(factory.django.DjangoModelFactory):
    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")
    time_limit = 15

    class Meta:
        model = MCQQuiz


class MCQQuestionFactory(factory.django.DjangoModelFactory):
    quiz = factory.SubFactory(MCQQuizFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    explanation = "Because."
    topic = "basics"
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = MCQQuestion


class MCQOptionFactory(factory.django.DjangoModelFactory):
    question = factory.SubFactory(MCQQuestionFactory)
    option_text = factory.Sequence(lambda n: f"Option {n}")
    is_correct = False
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = MCQOption


class LanguageEnrollmentFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    language = factory.SubFactory(ProgrammingLanguageFactory)

    class Meta:
        model = LanguageEnrollment


class ModuleProgressFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    module = factory.SubFactory(ModuleFactory)

    class Meta:
        model = ModuleProgress


class MaterialProgressFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    material = factory.SubFactory(MaterialFactory)
    view_count = 1
    last_viewed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = MaterialProgress


class AssignmentSubmissionFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    assignment = factory.SubFactory(AssignmentFactory)
    code = "def add(a, b):\n    return a + b\n"
    language = "python"

    class Meta:
        model = AssignmentSubmission


class SubmissionTestResultFactory(factory.django.DjangoModelFactory):
    submission = factory.SubFactory(AssignmentSubmissionFactory)
    number = factory.Sequence(lambda n: n + 1)
    verdict = "PASSED"
    time_ms = 12
    memory_kb = 9000
    stdout = "3\n"

    class Meta:
        model = SubmissionTestResult


class MCQAttemptFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    quiz = factory.SubFactory(MCQQuizFactory)

    class Meta:
        model = MCQAttempt


class MCQAnswerFactory(factory.django.DjangoModelFactory):
    """The question belongs to the attempt's quiz, and the option to the question."""

    attempt = factory.SubFactory(MCQAttemptFactory)
    question = factory.SubFactory(MCQQuestionFactory, quiz=factory.SelfAttribute("..attempt.quiz"))
    selected_option = factory.SubFactory(MCQOptionFactory, question=factory.SelfAttribute("..question"))
    is_correct = factory.SelfAttribute("selected_option.is_correct")

    class Meta:
        model = MCQAnswer


class AssignmentAnalysisFactory(factory.django.DjangoModelFactory):
    submission = factory.SubFactory(AssignmentSubmissionFactory)
    analysis_type = AnalysisType.AI
    overall_score = 85
    strengths = factory.LazyFunction(lambda: ["Clear names"])
    weaknesses = factory.LazyFunction(lambda: ["No docstring"])
    suggestions = factory.LazyFunction(lambda: ["Add a docstring"])
    code_quality = factory.LazyFunction(lambda: {"readability": 8, "efficiency": 9, "best_practices": 7})
    ai_model = "static-analyzer"

    class Meta:
        model = AssignmentAnalysis


class QuizAnalysisFactory(factory.django.DjangoModelFactory):
    attempt = factory.SubFactory(MCQAttemptFactory, score=Decimal("80.00"))
    performance_breakdown = factory.LazyFunction(lambda: {"basics": 100.0, "loops": 50.0})
    strong_topics = factory.LazyFunction(lambda: ["basics"])
    weak_topics = factory.LazyFunction(lambda: ["loops"])
    recommendations = factory.LazyFunction(lambda: ["Revise the loops module"])
    avg_time_per_question = 12.5
    time_management = "Good"

    class Meta:
        model = QuizAnalysis


# The dashboard's counts are kept by the database's triggers; these rows stand for counts of other data.
class SubmissionCountFactory(factory.django.DjangoModelFactory):
    language = factory.Sequence(lambda n: f"language-{n}")
    status = "PASSED"
    submissions = 3

    class Meta:
        model = SubmissionCount


class SubmissionQuarterHourCountFactory(factory.django.DjangoModelFactory):
    starts_at = factory.Sequence(
        lambda n: timezone.now().replace(minute=0, second=0, microsecond=0) - timezone.timedelta(days=n + 1)
    )
    submissions = 3

    class Meta:
        model = SubmissionQuarterHourCount


class AwaitingReviewCountFactory(factory.django.DjangoModelFactory):
    kind = AnalysisKind.QUIZ
    analyses = 3

    class Meta:
        model = AwaitingReviewCount
        django_get_or_create = ("kind",)  # one count per kind
