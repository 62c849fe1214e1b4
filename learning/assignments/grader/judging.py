"""The rules both backends judge by, so a submission gets the same verdict wherever it ran."""

from django.conf import settings

from .languages import Language
from .results import Verdict


def normalized_output(text: str) -> str:
    """Trailing whitespace of each line and of the whole output does not count."""
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def answer_verdict(*, stdout: str, expected: str) -> Verdict:
    """The verdict of a program that ran to a normal end."""
    return Verdict.PASSED if normalized_output(stdout) == normalized_output(expected) else Verdict.WRONG_ANSWER


def failure_verdict(*, language: Language, stderr: str) -> Verdict:
    """The verdict of a program that failed on its own: out of memory if its runtime says so."""
    return Verdict.MEMORY_LIMIT if language.ran_out_of_memory(stderr) else Verdict.RUNTIME_ERROR


def excerpt(text: str) -> str:
    """The first GRADER_REPORTED_OUTPUT_BYTES of an output, as reported per test."""
    limit = settings.GRADER_REPORTED_OUTPUT_BYTES
    encoded = text.encode()
    return text if len(encoded) <= limit else encoded[:limit].decode(errors="ignore")
