"""Shapes of the learning JSON fields; each raises ValidationError naming what is wrong."""

from django.core.exceptions import ValidationError

CODE_QUALITY_KEYS = ("readability", "efficiency", "best_practices")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def validate_test_cases(value) -> None:
    if not isinstance(value, list):
        raise ValidationError("Test cases must be a list.")
    for number, case in enumerate(value, start=1):
        if not isinstance(case, dict) or set(case) - {"input", "expected_output", "hidden"}:
            raise ValidationError(f'Test case {number} must be an object with "input", "expected_output", "hidden".')
        if not isinstance(case.get("input", ""), str) or not isinstance(case.get("expected_output"), str):
            raise ValidationError(f'Test case {number} needs text "input" and "expected_output".')
        if not isinstance(case.get("hidden", False), bool):
            raise ValidationError(f'Test case {number}: "hidden" must be true or false.')


def validate_hints(value) -> None:
    if not isinstance(value, list) or not all(isinstance(hint, str) and hint for hint in value):
        raise ValidationError("Hints must be a list of non-empty strings.")


def validate_code_quality(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError("Code quality must be an object.")
    unknown = set(value) - set(CODE_QUALITY_KEYS)
    if unknown:
        raise ValidationError(f"Unknown code quality keys: {', '.join(sorted(unknown))}.")
    for key, score in value.items():
        if not _is_number(score) or not 0 <= score <= 10:
            raise ValidationError(f"Code quality {key} must be a number from 0 to 10.")


def validate_performance_breakdown(value) -> None:
    if not isinstance(value, dict):
        raise ValidationError("Performance breakdown must be an object of topic to percent.")
    for topic, percent in value.items():
        if not topic or not _is_number(percent) or not 0 <= percent <= 100:
            raise ValidationError(f"Topic {topic!r} must have a percent from 0 to 100.")
