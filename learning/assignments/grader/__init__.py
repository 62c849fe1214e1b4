"""The grading engine: runs a submission against its test cases and gives each a verdict (Judge0's model).

``grade(language=..., code=..., test_cases=...)`` checks its input (ValidationError naming the field), then
hands it to the backend chosen by ``GRADER_BACKEND``: "local" (a bubblewrap sandbox on this machine) or
"judge0" (a Judge0 server). ``GraderUnavailable`` means nothing could be judged; the caller retries later.
"""

from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .judge0 import Judge0Backend
from .languages import Language, validated_submission
from .local import LocalBackend
from .results import GraderUnavailable, GradingResult, TestResult, Verdict

__all__ = [
    "GraderBackend",
    "GraderUnavailable",
    "GradingResult",
    "TestResult",
    "Verdict",
    "grade",
    "grader_backend",
]


class GraderBackend(Protocol):
    name: str

    def grade(self, *, language: Language, code: str, test_cases: list[dict]) -> GradingResult: ...


BACKENDS: dict[str, type[GraderBackend]] = {backend.name: backend for backend in (LocalBackend, Judge0Backend)}


def grader_backend() -> GraderBackend:
    try:
        return BACKENDS[settings.GRADER_BACKEND]()
    except KeyError:
        raise ImproperlyConfigured(
            f"GRADER_BACKEND is {settings.GRADER_BACKEND!r}; it must be one of {', '.join(BACKENDS)}."
        ) from None


def grade(*, language: str, code: str, test_cases: list[dict]) -> GradingResult:
    """Grade ``code`` against ``test_cases`` ([{"input", "expected_output", "hidden"}]), in their order."""
    known_language = validated_submission(language=language, code=code, test_cases=test_cases)
    if not test_cases:
        return GradingResult(tests=())
    return grader_backend().grade(language=known_language, code=code, test_cases=test_cases)
