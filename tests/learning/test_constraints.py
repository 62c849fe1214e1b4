"""The learning schema refuses bad rows written in raw SQL, and validates its JSON shapes."""

import pytest
from django.core.exceptions import ValidationError

from learning.models import Module
from tests.rawsql import Jsonb, assert_refused, update_raw

from .factories import (
    AssignmentAnalysisFactory,
    AssignmentFactory,
    AssignmentSubmissionFactory,
    LanguageEnrollmentFactory,
    MaterialFactory,
    MaterialProgressFactory,
    MCQAnswerFactory,
    MCQAttemptFactory,
    MCQOptionFactory,
    MCQQuestionFactory,
    MCQQuizFactory,
    ModuleFactory,
    ModuleProgressFactory,
    ProgrammingLanguageFactory,
    QuizAnalysisFactory,
)

pytestmark = pytest.mark.django_db

ENUMS = [
    (ProgrammingLanguageFactory, "difficulty", "EXPERT", "programming_languages_difficulty_valid"),
    (MaterialFactory, "type", "PODCAST", "materials_type_valid"),
    (AssignmentFactory, "difficulty", "beginner", "assignments_difficulty_valid"),
    (LanguageEnrollmentFactory, "status", "GONE", "language_enrollments_status_valid"),
    (ModuleProgressFactory, "status", "DONE", "module_progress_status_valid"),
    (AssignmentSubmissionFactory, "status", "GRADED", "assignment_submissions_status_valid"),
    (AssignmentAnalysisFactory, "analysis_type", "ROBOT", "assignment_analyses_type_valid"),
    (QuizAnalysisFactory, "analysis_type", "ROBOT", "quiz_analyses_type_valid"),
]

RANGES = [
    (ModuleFactory, "order", -1, "modules_order_not_negative"),
    (MaterialFactory, "duration", -5, "materials_duration_not_negative"),
    (MaterialFactory, "order", -1, "materials_order_not_negative"),
    (AssignmentFactory, "max_score", 0, "assignments_max_score_positive"),
    (AssignmentFactory, "time_limit", 0, "assignments_time_limit_positive"),
    (MCQQuizFactory, "passing_score", 101, "mcq_quizzes_passing_score_percent"),
    (MCQQuizFactory, "time_limit", -1, "mcq_quizzes_time_limit_positive"),
    (MCQQuestionFactory, "points", 0, "mcq_questions_points_positive"),
    (MCQQuestionFactory, "order", -1, "mcq_questions_order_not_negative"),
    (MCQOptionFactory, "order", -1, "mcq_options_order_not_negative"),
    (ModuleProgressFactory, "progress_percent", 101, "module_progress_percent_range"),
    (ModuleProgressFactory, "progress_percent", -1, "module_progress_percent_range"),
    (MaterialProgressFactory, "view_count", -1, "material_progress_view_count_not_negative"),
    (AssignmentSubmissionFactory, "score", -1, "assignment_submissions_score_not_negative"),
    (MCQAttemptFactory, "score", 100.5, "mcq_attempts_score_percent"),
    (AssignmentAnalysisFactory, "overall_score", 101, "assignment_analyses_score_percent"),
    (AssignmentAnalysisFactory, "code_quality", Jsonb({"readability": 11}), "assignment_analyses_readability_range"),
    (AssignmentAnalysisFactory, "code_quality", Jsonb({"efficiency": 11}), "assignment_analyses_efficiency_range"),
    (
        AssignmentAnalysisFactory,
        "code_quality",
        Jsonb({"best_practices": -1}),
        "assignment_analyses_best_practices_range",
    ),
    (QuizAnalysisFactory, "avg_time_per_question", -1, "quiz_analyses_avg_time_not_negative"),
    # JSON has no way to write these: the lists that show the field would fail on them.
    (QuizAnalysisFactory, "avg_time_per_question", float("inf"), "quiz_analyses_avg_time_finite"),
    (QuizAnalysisFactory, "avg_time_per_question", float("-inf"), "quiz_analyses_avg_time_finite"),
    (QuizAnalysisFactory, "avg_time_per_question", float("nan"), "quiz_analyses_avg_time_finite"),
]


@pytest.mark.parametrize(("factory", "column", "value", "constraint"), ENUMS + RANGES)
def test_database_refuses_a_value_out_of_its_enum_or_range(factory, column, value, constraint):
    assert_refused(factory(), constraint, **{column: value})


def test_completed_rows_need_a_completion_time():
    assert_refused(LanguageEnrollmentFactory(), "language_enrollments_completed_has_time", status="COMPLETED")
    assert_refused(ModuleProgressFactory(), "module_progress_completed_has_time", status="COMPLETED")
    assert_refused(MaterialProgressFactory(), "material_progress_completed_has_time", completed=True)


def test_language_name_and_slug_are_unique():
    first, second = ProgrammingLanguageFactory(), ProgrammingLanguageFactory()
    assert_refused(second, "programming_languages_name_unique", name=first.name)
    assert_refused(second, "programming_languages_slug_unique", slug=first.slug)


def test_module_slug_is_unique_within_its_language():
    first = ModuleFactory()
    second = ModuleFactory(language=first.language)
    assert_refused(second, "modules_language_slug_unique", slug=first.slug)
    ModuleFactory(slug=first.slug)  # another language may use it


def test_soft_deleted_module_slug_can_be_reused_in_the_same_language():
    old = ModuleFactory(slug="variables")
    old.delete()
    new = ModuleFactory(language=old.language, slug="variables")
    assert list(Module.objects.filter(language=old.language, slug="variables")) == [new]
    assert Module.all_objects.filter(language=old.language, slug="variables").count() == 2


def test_learner_rows_are_unique_per_user():
    enrollment = LanguageEnrollmentFactory()
    other = LanguageEnrollmentFactory(user=enrollment.user)
    assert_refused(other, "language_enrollments_user_language_unique", language_id=enrollment.language_id)

    progress = ModuleProgressFactory()
    assert_refused(
        ModuleProgressFactory(user=progress.user), "module_progress_user_module_unique", module_id=progress.module_id
    )

    material = MaterialProgressFactory()
    assert_refused(
        MaterialProgressFactory(user=material.user),
        "material_progress_user_material_unique",
        material_id=material.material_id,
    )


def test_one_answer_per_question_per_attempt():
    answer = MCQAnswerFactory()
    second = MCQAnswerFactory(attempt=answer.attempt)
    assert_refused(second, "mcq_answers_attempt_question_unique", question_id=answer.question_id)


def test_answer_factory_keeps_its_rows_consistent():
    answer = MCQAnswerFactory()
    assert answer.question.quiz_id == answer.attempt.quiz_id
    assert answer.selected_option.question_id == answer.question_id


def test_answer_with_an_option_of_another_question_is_invalid():
    answer = MCQAnswerFactory()
    answer.selected_option = MCQOptionFactory()
    with pytest.raises(ValidationError) as raised:
        answer.full_clean()
    assert "selected_option" in raised.value.message_dict


def test_answer_to_a_question_of_another_quiz_is_invalid():
    answer = MCQAnswerFactory()
    answer.question = MCQQuestionFactory()
    answer.selected_option = None
    with pytest.raises(ValidationError) as raised:
        answer.full_clean()
    assert "question" in raised.value.message_dict


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (AssignmentFactory, "test_cases", {"input": "1"}),
        (AssignmentFactory, "test_cases", [{"input": "1"}]),
        (AssignmentFactory, "test_cases", [{"input": "1", "expected_output": "1", "hidden": "no"}]),
        (AssignmentFactory, "hints", ["ok", 3]),
        (AssignmentAnalysisFactory, "code_quality", {"readability": 12}),
        (AssignmentAnalysisFactory, "code_quality", {"style": 5}),
        (QuizAnalysisFactory, "performance_breakdown", {"loops": 140}),
        (QuizAnalysisFactory, "performance_breakdown", ["loops"]),
    ],
)
def test_json_fields_refuse_a_bad_shape_naming_the_field(factory, field, value):
    instance = factory()
    setattr(instance, field, value)
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    assert field in raised.value.message_dict


def test_well_formed_json_fields_pass_validation():
    AssignmentFactory().full_clean()
    AssignmentAnalysisFactory().full_clean()
    QuizAnalysisFactory().full_clean()


JSON_SHAPES = [
    (AssignmentFactory, "test_cases", {"input": "1", "expected_output": "1"}, "assignments_test_cases_shape"),
    (AssignmentFactory, "test_cases", ["1 2"], "assignments_test_cases_shape"),
    (AssignmentFactory, "test_cases", [{"input": "1"}], "assignments_test_cases_shape"),
    (AssignmentFactory, "test_cases", [{"input": 1, "expected_output": "1"}], "assignments_test_cases_shape"),
    (AssignmentFactory, "test_cases", [{"expected_output": ["1"]}], "assignments_test_cases_shape"),
    (AssignmentFactory, "test_cases", [{"expected_output": "1", "hidden": "no"}], "assignments_test_cases_shape"),
    (AssignmentFactory, "test_cases", [{"expected_output": "1", "secret": 1}], "assignments_test_cases_shape"),
    (AssignmentFactory, "hints", "use +", "assignments_hints_shape"),
    (AssignmentFactory, "hints", ["ok", 3], "assignments_hints_shape"),
    (AssignmentFactory, "hints", [""], "assignments_hints_shape"),
    (AssignmentAnalysisFactory, "code_quality", [], "assignment_analyses_code_quality_shape"),
    (AssignmentAnalysisFactory, "code_quality", {"style": 5}, "assignment_analyses_code_quality_shape"),
    (AssignmentAnalysisFactory, "code_quality", {"efficiency": "9"}, "assignment_analyses_code_quality_shape"),
    (QuizAnalysisFactory, "performance_breakdown", ["loops"], "quiz_analyses_breakdown_shape"),
    (QuizAnalysisFactory, "performance_breakdown", {"loops": 140}, "quiz_analyses_breakdown_shape"),
    (QuizAnalysisFactory, "performance_breakdown", {"loops": -1}, "quiz_analyses_breakdown_shape"),
    (QuizAnalysisFactory, "performance_breakdown", {"loops": "80"}, "quiz_analyses_breakdown_shape"),
    (QuizAnalysisFactory, "performance_breakdown", {"": 80}, "quiz_analyses_breakdown_shape"),
]


@pytest.mark.parametrize(("factory", "column", "value", "constraint"), JSON_SHAPES)
def test_database_refuses_a_json_column_of_another_shape(factory, column, value, constraint):
    """Other services write these tables: PostgreSQL itself holds each documented shape."""
    assert_refused(factory(), constraint, **{column: Jsonb(value)})


@pytest.mark.parametrize(
    ("factory", "column", "value"),
    [
        (
            AssignmentFactory,
            "test_cases",
            [{"expected_output": "3"}, {"input": "", "expected_output": "", "hidden": True}],
        ),
        (AssignmentFactory, "test_cases", []),
        (AssignmentAnalysisFactory, "code_quality", {"readability": 7.5, "efficiency": 10, "best_practices": 0}),
        (QuizAnalysisFactory, "performance_breakdown", {"loops": 0, "functions": 100, "scope": 66.7}),
    ],
)
def test_database_accepts_the_documented_json_shapes(factory, column, value):
    instance = factory()
    update_raw(instance, **{column: Jsonb(value)})
    instance.refresh_from_db()
    assert getattr(instance, column) == value
