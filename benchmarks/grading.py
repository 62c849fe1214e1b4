"""Submissions graded per minute by the local backend, and what the sandbox costs per test.

Run: .venv/bin/python benchmarks/grading.py [submissions]   (default 30 per language)
Each submission is a correct solution to an assignment with 3 tests, graded by ``grade()`` end to end
(compile or syntax check once, then 3 sandboxed runs), one at a time and then with one worker per core.
The sandbox's cost per test: the same interpreter on the same program and input run bare (a plain
subprocess, no bubblewrap, no limits) against run_in_sandbox, alternating, medians of wall time.
No database is used.
"""

import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import _scratch  # noqa: F401  (Django set up)
from django.conf import settings

from learning.assignments.grader import grade
from learning.assignments.grader.languages import validated_submission
from learning.assignments.grader.local import limits_for
from learning.assignments.grader.sandbox import input_file, run_in_sandbox, work_directory

TESTS = [{"input": f"{n}\n", "expected_output": f"{n * 2}\n", "hidden": n == 3} for n in (1, 2, 3)]
SOLUTIONS = {
    "python": "print(int(input()) * 2)\n",
    "javascript": 'console.log(Number(require("fs").readFileSync(0, "utf8").trim()) * 2);\n',
    "java": (
        "import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n"
        "        System.out.println(new Scanner(System.in).nextInt() * 2);\n    }\n}\n"
    ),
}
BARE_ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # the sandbox's (NODE_EXTRA_CA_CERTS & co. slow node)
SAMPLES = 40  # runs of each kind when comparing the sandbox with a bare run


def grade_once(language: str) -> None:
    result = grade(language=language, code=SOLUTIONS[language], test_cases=TESTS)
    assert result.passed == 3, result


def per_minute(language: str, submissions: int, workers: int) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(grade_once, [language] * submissions))
    return submissions * 60 / (time.perf_counter() - started)


def sandbox_cost_per_test(language_name: str) -> tuple[list[float], list[float]]:
    """Wall milliseconds of each test run, bare and sandboxed (after one compile, not counted)."""
    language = validated_submission(language=language_name, code=SOLUTIONS[language_name], test_cases=TESTS)
    command, paths = language.run_command(memory_mb=settings.GRADER_MEMORY_MB), language.sandbox_paths
    bare, sandboxed = [], []
    with work_directory() as workdir, input_file("21\n") as stdin:
        (workdir / language.source_file).write_text(SOLUTIONS[language_name])
        if language.compile:
            compiled = run_in_sandbox(
                list(language.compile), workdir=workdir, limits=limits_for(language, seconds=30), extra_paths=paths
            )
            assert compiled.exit_code == 0, compiled.stderr
        for _ in range(SAMPLES):
            stdin.seek(0)
            started = time.perf_counter()
            run = subprocess.run(command, stdin=stdin, capture_output=True, cwd=workdir, env=BARE_ENV, check=True)
            bare.append((time.perf_counter() - started) * 1000)
            assert run.stdout == b"42\n"
            stdin.seek(0)
            started = time.perf_counter()
            run = run_in_sandbox(command, workdir=workdir, limits=limits_for(language), extra_paths=paths, stdin=stdin)
            sandboxed.append((time.perf_counter() - started) * 1000)
            assert run.stdout == "42\n", run.stderr
    return bare, sandboxed


def main(submissions: int) -> None:
    cores = os.cpu_count() or 1
    print(f"Local backend, {cores} cores, assignments of 3 tests, {submissions} correct submissions per language")
    print("Per test: wall ms of one run, median (and fastest) of", SAMPLES, "alternating bare and sandboxed runs")
    for language in SOLUTIONS:
        grade_once(language)  # warm the page cache
        one = per_minute(language, submissions, workers=1)
        parallel = per_minute(language, submissions, workers=cores)
        bare, sandboxed = sandbox_cost_per_test(language)
        ratios = [f(sandboxed) / f(bare) for f in (statistics.median, min)]
        print(
            f"{language:>10}: {one:5.0f} submissions/min with 1 worker, {parallel:5.0f} with {cores}; per test "
            f"{statistics.median(bare):5.1f} ({min(bare):5.1f}) bare, "
            f"{statistics.median(sandboxed):5.1f} ({min(sandboxed):5.1f}) sandboxed: "
            f"ratio {ratios[0]:.2f} ({ratios[1]:.2f})"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
