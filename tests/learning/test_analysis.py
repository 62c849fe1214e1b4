"""The analysis engine: the static analyzer, the LLM analyzer and its fallbacks, instructor review."""

import json
from pathlib import Path

import httpx2
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from learning.assignments.analyzers import llm
from learning.assignments.analyzers.static import StaticPythonAnalyzer
from learning.assignments.services import submission_create
from learning.models import AnalysisType, AssignmentAnalysis, SubmissionStatus
from learning.review.services import assignment_analysis_review, submission_evaluate
from tests.accounts.factories import UserFactory

from .factories import AssignmentAnalysisFactory, AssignmentFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
CLEAN = (FIXTURES / "clean_solution.py").read_text()
MESSY = (FIXTURES / "messy_solution.py").read_text()


def analyze(code: str, language: str = "python"):
    return StaticPythonAnalyzer().analyze(code=code, language=language)


class TestStaticAnalyzer:
    def test_clean_code_scores_higher_than_messy_code_in_every_dimension(self):
        clean, messy = analyze(CLEAN), analyze(MESSY)
        assert clean.overall_score > messy.overall_score
        for key in ("readability", "efficiency", "best_practices"):
            assert clean.code_quality[key] > messy.code_quality[key], key

    def test_messy_code_weaknesses_name_what_is_wrong(self):
        weaknesses = " ".join(analyze(MESSY).weaknesses)
        for finding in (
            "bare except",
            "Mutable default",
            "Unused imports: os, sys",
            "nested",
            "WordCounts()",
            "eval()",
            "range(len",
        ):
            assert finding in weaknesses, finding

    def test_each_weakness_comes_with_a_suggestion(self):
        report = analyze(MESSY)
        assert len(report.suggestions) == len(report.weaknesses) > 5

    def test_clean_code_gets_strengths_and_no_weaknesses(self):
        report = analyze(CLEAN)
        assert report.weaknesses == []
        assert "Every function and class is documented." in report.strengths

    @pytest.mark.parametrize("code", ["def broken(:\n    pass\n", "x = 1\x00", "if True:\npass", "(" * 300])
    def test_code_that_does_not_parse_is_reported_not_crashed_on(self, code):
        report = analyze(code)
        assert report.analysis_impossible
        assert report.overall_score is None
        assert "does not parse" in report.weaknesses[0]

    def test_other_languages_are_left_to_the_next_analyzer(self):
        from learning.assignments.analyzers.base import AnalyzerUnavailable

        with pytest.raises(AnalyzerUnavailable):
            analyze("class Main {}", language="java")


def untested_assignment(language: str = "python"):
    """An assignment without test cases: its analysis grades it."""
    return AssignmentFactory(test_cases=[], module__language__slug=language)


def run_submission(django_capture_on_commit_callbacks, code: str, language: str = "python"):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submission_create(user=UserFactory(), assignment=untested_assignment(language), code=code)
    submission.refresh_from_db()
    return submission


class TestGrading:
    def test_clean_code_passes_and_messy_code_fails(self, django_capture_on_commit_callbacks):
        clean = run_submission(django_capture_on_commit_callbacks, CLEAN)
        messy = run_submission(django_capture_on_commit_callbacks, MESSY)
        assert clean.status == SubmissionStatus.PASSED
        assert messy.status == SubmissionStatus.FAILED
        assert clean.score > messy.score
        assert clean.graded_at
        assert messy.graded_at
        assert clean.analysis.analysis_type == AnalysisType.AI
        assert clean.analysis.ai_model == "codezest-static-python"

    def test_unparseable_code_is_an_error_with_feedback(self, django_capture_on_commit_callbacks):
        submission = run_submission(django_capture_on_commit_callbacks, "def broken(:\n")
        assert submission.status == SubmissionStatus.ERROR
        assert "not valid Python" in submission.feedback
        assert submission.score is None

    def test_another_language_awaits_manual_review_without_a_fake_score(self, django_capture_on_commit_callbacks):
        submission = run_submission(django_capture_on_commit_callbacks, "class Main {}", language="java")
        assert submission.status == SubmissionStatus.PENDING
        assert submission.analysis.overall_score is None
        assert "Needs manual review" in submission.analysis.detailed_feedback

    def test_submission_is_pending_until_the_transaction_commits(self, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            submission = submission_create(user=UserFactory(), assignment=untested_assignment(), code=CLEAN)
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.PENDING
        assert len(callbacks) >= 1
        assert not AssignmentAnalysis.objects.filter(submission=submission).exists()

    def test_empty_code_is_refused_naming_the_field(self):
        with pytest.raises(ValidationError) as raised:
            submission_create(user=UserFactory(), assignment=untested_assignment(), code="  ")
        assert "code" in raised.value.message_dict


def fake_llm(respond):
    """Route the OpenAI client's HTTP requests to ``respond(request) -> httpx2.Response``."""
    return lambda: httpx2.MockTransport(respond)


def completion(content: str) -> httpx2.Response:
    return httpx2.Response(
        200,
        json={
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1,
            "model": "test-model",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
        },
    )


GOOD_ANSWER = json.dumps(
    {
        "overall_score": 88,
        "code_quality": {"readability": 9, "efficiency": 8, "best_practices": 9},
        "strengths": ["Uses Counter"],
        "weaknesses": [],
        "suggestions": ["Add tests"],
        "detailed_feedback": "Nicely done.",
    }
)


@pytest.fixture
def llm_configured(settings):
    settings.LLM_API_BASE_URL = "https://llm.invalid/v1"
    settings.LLM_API_KEY = "test-key"
    settings.LLM_MODEL = "test-model"


class TestLLMAnalyzer:
    def test_configured_llm_analyses_and_records_model_and_prompt(
        self, llm_configured, monkeypatch, django_capture_on_commit_callbacks
    ):
        requests = []

        def respond(request):
            requests.append(json.loads(request.content))
            return completion(GOOD_ANSWER)

        monkeypatch.setattr(llm, "http_transport", fake_llm(respond))
        submission = run_submission(django_capture_on_commit_callbacks, "class Main {}", language="java")
        assert submission.status == SubmissionStatus.PASSED
        assert submission.analysis.ai_model == "test-model"
        assert submission.analysis.overall_score == 88
        assert "class Main {}" in submission.analysis.ai_prompt
        assert requests[0]["model"] == "test-model"

    @pytest.mark.parametrize(
        "respond",
        [
            lambda request: httpx2.Response(500, json={"error": {"message": "boom"}}),
            lambda request: httpx2.Response(429, json={"error": {"message": "slow down"}}),
            lambda request: (_ for _ in ()).throw(httpx2.ReadTimeout("timed out", request=request)),
            lambda request: completion("this is not JSON"),
            lambda request: completion(json.dumps({"overall_score": 400, "code_quality": {}})),
        ],
        ids=["server-error", "rate-limited", "timeout", "not-json", "out-of-range"],
    )
    def test_llm_failure_falls_back_with_the_submission_intact(
        self, llm_configured, monkeypatch, django_capture_on_commit_callbacks, respond
    ):
        monkeypatch.setattr(llm, "http_transport", fake_llm(respond))
        python = run_submission(django_capture_on_commit_callbacks, CLEAN)
        java = run_submission(django_capture_on_commit_callbacks, "class Main {}", language="java")
        assert python.code == CLEAN
        assert python.analysis.ai_model == "codezest-static-python"  # the static analyzer took over
        assert python.status == SubmissionStatus.PASSED
        assert java.status == SubmissionStatus.PENDING  # manual review, no error page, nothing lost
        assert "Needs manual review" in java.analysis.detailed_feedback

    def test_unconfigured_llm_makes_no_request(self, monkeypatch, django_capture_on_commit_callbacks):
        monkeypatch.setattr(llm, "http_transport", fake_llm(lambda request: pytest.fail("no call expected")))
        submission = run_submission(django_capture_on_commit_callbacks, CLEAN)
        assert submission.analysis.ai_model == "codezest-static-python"


class TestInstructorReview:
    def test_review_makes_an_ai_analysis_hybrid_and_regrades(self, django_capture_on_commit_callbacks):
        submission = run_submission(django_capture_on_commit_callbacks, MESSY)
        instructor = UserFactory(role=User.Role.INSTRUCTOR)
        analysis = assignment_analysis_review(
            analysis=submission.analysis,
            reviewer=instructor,
            overall_score=75,
            detailed_feedback="Better than it looks.",
        )
        assert analysis.analysis_type == AnalysisType.HYBRID
        assert analysis.analyzed_by == instructor
        assert analysis.reviewed_at is not None
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.PASSED
        assert submission.feedback == "Better than it looks."

    def test_a_review_survives_a_rerun_of_automatic_analysis(self, django_capture_on_commit_callbacks):
        submission = run_submission(django_capture_on_commit_callbacks, MESSY)
        assignment_analysis_review(
            analysis=submission.analysis, reviewer=UserFactory(role=User.Role.INSTRUCTOR), overall_score=75
        )
        submission_evaluate(submission=submission)
        analysis = AssignmentAnalysis.objects.get(submission=submission)
        assert (analysis.analysis_type, analysis.overall_score) == (AnalysisType.HYBRID, 75)

    def test_manual_analysis_stays_manual(self):
        analysis = AssignmentAnalysisFactory(analysis_type=AnalysisType.MANUAL)
        reviewed = assignment_analysis_review(
            analysis=analysis, reviewer=UserFactory(role=User.Role.ADMIN), overall_score=50
        )
        assert reviewed.analysis_type == AnalysisType.MANUAL

    def test_a_student_cannot_review(self):
        with pytest.raises(PermissionDenied):
            assignment_analysis_review(analysis=AssignmentAnalysisFactory(), reviewer=UserFactory(), overall_score=1)

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"overall_score": 140}, "overall_score"),
            ({"code_quality": {"readability": 11}}, "code_quality"),
        ],
    )
    def test_bad_review_input_is_a_validation_error_naming_the_field(self, changes, field):
        analysis = AssignmentAnalysisFactory()
        with pytest.raises(ValidationError) as raised:
            assignment_analysis_review(analysis=analysis, reviewer=UserFactory(role=User.Role.INSTRUCTOR), **changes)
        assert field in raised.value.message_dict
        analysis.refresh_from_db()
        assert analysis.analysis_type == AnalysisType.AI
