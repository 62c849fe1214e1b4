"""The local backend: compile once in the sandbox, then run each test case in a fresh sandbox."""

import signal

from django.conf import settings

from .judging import answer_verdict, excerpt, failure_verdict
from .languages import Language
from .results import GradingResult, TestResult, Verdict
from .sandbox import (
    GNU_TIME,
    SIGNAL_EXIT_BASE,
    Limits,
    SandboxRun,
    executable,
    input_file,
    run_in_sandbox,
    work_directory,
)


def limits_for(language: Language, *, seconds: float | None = None) -> Limits:
    """The run limits from settings; ``seconds`` sets CPU and wall time alike (the compile step)."""
    return Limits(
        cpu_seconds=seconds or settings.GRADER_CPU_SECONDS,
        wall_seconds=seconds or settings.GRADER_WALL_SECONDS,
        address_space_mb=settings.GRADER_MEMORY_MB + language.extra_address_space_mb,
        max_processes=settings.GRADER_MAX_PROCESSES,
        max_file_bytes=settings.GRADER_MAX_FILE_BYTES,
        max_output_bytes=settings.GRADER_MAX_OUTPUT_BYTES,
    )


def _stopped_by_limit(run: SandboxRun, limits: Limits) -> Verdict | None:
    if run.output_exceeded:
        return Verdict.OUTPUT_LIMIT
    # The CPU limit's SIGKILL (exit 128 + 9): nothing inside can SIGKILL the program, PID 1 of its namespace.
    killed_at_cpu_limit = run.exit_code == SIGNAL_EXIT_BASE + signal.SIGKILL
    if run.timed_out or killed_at_cpu_limit or run.cpu_ms > limits.cpu_seconds * 1000:
        return Verdict.TIME_LIMIT
    return None


def _compile_failure(run: SandboxRun, limits: Limits) -> str | None:
    """The compiler's complaint, or None when the code compiled."""
    if run.exit_code == 0 and not run.output_exceeded:
        return None
    stopped = _stopped_by_limit(run, limits)
    if stopped is not None:
        return f"The compiler stopped: {stopped.label.lower()}.\n{run.stderr}"
    return run.stdout + run.stderr


class LocalBackend:
    name = "local"

    def grade(self, *, language: Language, code: str, test_cases: list[dict]) -> GradingResult:
        for program in (settings.GRADER_BWRAP, GNU_TIME, *(language.compile or ())[:1], language.run[0]):
            executable(program)
        with work_directory() as workdir:
            (workdir / language.source_file).write_text(code, encoding="utf-8")
            compile_output = ""
            if language.compile:
                limits = limits_for(language, seconds=settings.GRADER_COMPILE_SECONDS)
                compiled = run_in_sandbox(
                    list(language.compile), workdir=workdir, limits=limits, extra_paths=language.sandbox_paths
                )
                failure = _compile_failure(compiled, limits)
                if failure is not None:
                    return GradingResult.failed_to_compile(compile_output=excerpt(failure), test_cases=test_cases)
                compile_output = excerpt(compiled.stdout + compiled.stderr)
            tests = [
                self._run_test(language, workdir=workdir, number=number, case=case)
                for number, case in enumerate(test_cases, start=1)
            ]
        return GradingResult(tests=tuple(tests), compile_output=compile_output)

    def _run_test(self, language: Language, *, workdir, number: int, case: dict) -> TestResult:
        limits = limits_for(language)
        command = language.run_command(memory_mb=settings.GRADER_MEMORY_MB)
        with input_file(case.get("input", "")) as stdin:
            run = run_in_sandbox(
                command, workdir=workdir, limits=limits, extra_paths=language.sandbox_paths, stdin=stdin
            )
        verdict = _stopped_by_limit(run, limits) or (
            failure_verdict(language=language, stderr=run.stderr)
            if run.exit_code != 0
            else answer_verdict(stdout=run.stdout, expected=case["expected_output"])
        )
        return TestResult(
            number=number,
            hidden=case.get("hidden", False),
            verdict=verdict,
            time_ms=run.cpu_ms,
            wall_time_ms=run.wall_ms,
            memory_kb=run.memory_kb,
            stdout=excerpt(run.stdout),
            stderr=excerpt(run.stderr),
        )
