"""What grading reports: a verdict per test case, and the result of a whole submission."""

from dataclasses import dataclass

from django.db import models


class GraderUnavailable(Exception):
    """The grader could not run the code at all (no sandbox, Judge0 down or too slow); try again later."""


class Verdict(models.TextChoices):
    PASSED = "PASSED", "Passed"
    WRONG_ANSWER = "WRONG_ANSWER", "Wrong answer"
    TIME_LIMIT = "TIME_LIMIT", "Time limit exceeded"
    MEMORY_LIMIT = "MEMORY_LIMIT", "Memory limit exceeded"
    OUTPUT_LIMIT = "OUTPUT_LIMIT", "Output limit exceeded"
    RUNTIME_ERROR = "RUNTIME_ERROR", "Runtime error"
    COMPILE_ERROR = "COMPILE_ERROR", "Compilation error"
    INTERNAL_ERROR = "INTERNAL_ERROR", "Internal error of the grader"


@dataclass(frozen=True)
class TestResult:
    """One test case: ``time_ms`` is CPU time, ``stdout``/``stderr`` the first GRADER_REPORTED_OUTPUT_BYTES."""

    __test__ = False  # not a pytest test class

    number: int  # 1-based, in the assignment's order
    hidden: bool
    verdict: Verdict
    time_ms: int | None = None
    wall_time_ms: int | None = None
    memory_kb: int | None = None
    stdout: str = ""
    stderr: str = ""


@dataclass(frozen=True)
class GradingResult:
    tests: tuple[TestResult, ...]
    compile_output: str = ""  # the compiler's or syntax check's messages, warnings included
    compile_error: bool = False

    @classmethod
    def failed_to_compile(cls, *, compile_output: str, test_cases: list[dict]) -> "GradingResult":
        """Every test case gets COMPILE_ERROR; ``compile_output`` says why."""
        tests = tuple(
            TestResult(number=number, hidden=case.get("hidden", False), verdict=Verdict.COMPILE_ERROR)
            for number, case in enumerate(test_cases, start=1)
        )
        return cls(tests=tests, compile_output=compile_output, compile_error=True)

    @property
    def total(self) -> int:
        return len(self.tests)

    @property
    def passed(self) -> int:
        return sum(test.verdict == Verdict.PASSED for test in self.tests)

    @property
    def percent(self) -> int | None:
        """Passed tests out of all, 0-100; None when the assignment has no test cases to judge by."""
        return self.passed * 100 // self.total if self.tests else None
