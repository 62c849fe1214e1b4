"""What an assignment analyzer returns, and how the configured analyzers are found."""

from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class AnalyzerUnavailable(Exception):
    """This analyzer cannot judge this submission (language, configuration, outage): try the next one."""


@dataclass(frozen=True)
class AssignmentReport:
    """An analyzer's verdict. ``overall_score`` None means a person has to judge the code."""

    overall_score: int | None
    detailed_feedback: str
    ai_model: str
    code_quality: dict = field(default_factory=dict)
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    ai_prompt: str = ""
    analysis_impossible: bool = False


class AssignmentAnalyzer(Protocol):
    def analyze(
        self, *, code: str, language: str, assignment_title: str, assignment_description: str
    ) -> AssignmentReport:
        """Judge the code, or raise AnalyzerUnavailable."""


@cache
def _analyzer_classes(paths: tuple[str, ...]) -> tuple[type, ...]:
    return tuple(import_string(path) for path in paths)


def assignment_analyzers() -> list[AssignmentAnalyzer]:
    """The analyzers of ``settings.ASSIGNMENT_ANALYZERS``, in the order they are tried."""
    return [analyzer_class() for analyzer_class in _analyzer_classes(tuple(settings.ASSIGNMENT_ANALYZERS))]


def manual_review_report(language: str) -> AssignmentReport:
    return AssignmentReport(
        overall_score=None,
        ai_model="",
        detailed_feedback=(
            f"Needs manual review: there is no automatic analysis for {language or 'this language'} yet. "
            "An instructor will review this submission."
        ),
    )
