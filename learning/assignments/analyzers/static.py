"""A static analyzer for Python code, on the standard library's ``ast``: no network, no execution.

What it looks for, and what each finding costs, is the list of rules in ``static_rules``.
"""

import ast

from .base import AnalyzerUnavailable, AssignmentReport
from .static_measures import CodeContext
from .static_rules import CATEGORIES, RULES

MODEL_NAME = "codezest-static-python"


def judge(context: CodeContext) -> AssignmentReport:
    """Scores, strengths, weaknesses and suggestions: every rule assessed, its penalty charged to its category."""
    penalties = dict.fromkeys(CATEGORIES, 0.0)
    strengths, weaknesses, suggestions = [], [], []
    for rule in RULES:
        outcome = rule.assess(context)
        penalties[rule.category] += outcome.penalty
        if outcome.weakness:
            weaknesses.append(outcome.weakness)
            suggestions.append(rule.suggestion)
        elif outcome.strength:
            strengths.append(outcome.strength)
    quality = {category: round(max(0.0, 10.0 - penalty), 1) for category, penalty in penalties.items()}
    return AssignmentReport(
        overall_score=round(sum(quality.values()) / len(quality) * 10),
        code_quality=quality,
        strengths=strengths,
        weaknesses=weaknesses,
        suggestions=suggestions,
        detailed_feedback=_summary(context, quality),
        ai_model=MODEL_NAME,
    )


def _summary(context: CodeContext, quality: dict[str, float]) -> str:
    return (
        f"Static analysis of {len(context.functions)} function(s) and {len(context.classes)} class(es): "
        f"readability {quality['readability']}/10, efficiency {quality['efficiency']}/10, "
        f"best practices {quality['best_practices']}/10."
    )


def _unparseable_report(error: SyntaxError | ValueError) -> AssignmentReport:
    where = f" on line {error.lineno}" if getattr(error, "lineno", None) else ""
    return AssignmentReport(
        overall_score=None,
        ai_model=MODEL_NAME,
        analysis_impossible=True,
        weaknesses=[f"The code does not parse{where}: {getattr(error, 'msg', str(error))}."],
        suggestions=["Run the code locally and fix the syntax error before submitting."],
        detailed_feedback=f"The code could not be analysed: it is not valid Python{where}.",
    )


class StaticPythonAnalyzer:
    """Judges Python code by reading it; other languages are left to the next analyzer."""

    def analyze(self, *, code: str, language: str, assignment_title: str = "", assignment_description: str = ""):
        if language.lower() != "python":
            raise AnalyzerUnavailable(f"no static analysis for {language}")
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError) as error:  # ValueError: null bytes in the source
            return _unparseable_report(error)
        return judge(CodeContext.of(tree, code))
