"""The grader's tests. The local backend needs bubblewrap and GNU time, and each language its runtime:
in CI (CI=true) a missing one fails the run with the command that installs it; elsewhere those tests skip."""

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from learning.assignments.grader import GraderUnavailable, grade

SANDBOX_PACKAGES = "apt-get install -y bubblewrap time"
TEST_SANDBOX_UID = 60000 + os.getpid() % 5000  # no account needed: a number no other process runs as
RUNTIME_PACKAGES = {"python": "python3", "javascript": "nodejs", "java": "openjdk-17-jdk-headless"}


def cannot_run(reason: str, *, install: str) -> None:
    message = f"The grader cannot run here: {reason}. Install it with: {install}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def sandbox_problem() -> str | None:
    """Why the sandbox cannot run on this machine, or None; probed once with a real submission."""
    try:
        grade(language="python", code="print(1)", test_cases=[{"input": "", "expected_output": "1"}])
    except GraderUnavailable as error:
        return str(error)
    return None


@pytest.fixture
def local_grader(settings, sandbox_problem):
    """The local backend with limits generous enough for a loaded two-core machine (Java starts in ~1 s).

    Its work directories and its sandbox user are this test run's own, so what a test finds left behind is
    its own doing even while other code on the machine grades too.
    """
    if sandbox_problem:
        cannot_run(sandbox_problem, install=SANDBOX_PACKAGES)
    settings.GRADER_BACKEND = "local"
    settings.GRADER_CPU_SECONDS = 2
    settings.GRADER_WALL_SECONDS = 5
    settings.GRADER_COMPILE_SECONDS = 30
    settings.GRADER_MEMORY_MB = 128
    settings.GRADER_SANDBOX_UID = settings.GRADER_SANDBOX_GID = TEST_SANDBOX_UID
    work = Path(tempfile.mkdtemp(prefix="grader-tests-"))
    work.chmod(0o711)  # the sandbox's user goes through, and sees nothing else
    settings.GRADER_WORK_DIR = str(work)
    yield settings
    shutil.rmtree(work)


def require_runtime(language: str) -> None:
    program = django_settings.GRADER_LANGUAGES[language]["run"][0]
    if not shutil.which(program):
        cannot_run(f"{program} is missing", install=f"apt-get install -y {RUNTIME_PACKAGES[language]}")


def case(stdin: str = "", expected: str = "", *, hidden: bool = False) -> dict:
    return {"input": stdin, "expected_output": expected, "hidden": hidden}
