"""The engine around the backends: what it accepts, the comparison rule, the backend setting, no sandbox."""

import os
import uuid
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from learning.assignments.grader import GraderUnavailable, GradingResult, TestResult, Verdict, grade, grader_backend
from learning.assignments.grader.judge0 import Judge0Backend
from learning.assignments.grader.judging import answer_verdict
from learning.assignments.grader.local import LocalBackend

from .conftest import case


def field_errors(error: pytest.ExceptionInfo) -> dict:
    return error.value.message_dict


def test_an_unknown_language_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as error:
        grade(language="cobol", code="DISPLAY 'HI'.", test_cases=[case("", "HI")])

    assert field_errors(error) == {"language": ['The grader does not know "cobol"; it knows java, javascript, python.']}


def test_code_over_the_size_limit_is_refused_counting_bytes(settings):
    settings.GRADER_MAX_CODE_BYTES = 1000

    grade(language="python", code="#" * 1000, test_cases=[])
    with pytest.raises(ValidationError) as error:
        grade(language="python", code="# " + "é" * 500, test_cases=[])

    assert field_errors(error) == {"code": ["The code is 1002 bytes; the limit is 1000."]}


def test_malformed_test_cases_are_refused_naming_the_field():
    with pytest.raises(ValidationError) as error:
        grade(language="python", code="print(1)", test_cases=[{"input": "", "output": "1"}])

    assert list(field_errors(error)) == ["test_cases"]


def test_no_test_cases_means_nothing_to_run_and_no_percent(settings):
    settings.GRADER_BWRAP = "/nonexistent/bwrap"  # would raise if anything ran

    result = grade(language="python", code="print(1)", test_cases=[])

    assert (result.tests, result.total, result.percent) == ((), 0, None)


def test_the_percent_is_the_share_of_passed_tests():
    verdicts = [Verdict.PASSED, Verdict.WRONG_ANSWER, Verdict.PASSED]
    result = GradingResult(
        tests=tuple(TestResult(number=i, hidden=False, verdict=verdict) for i, verdict in enumerate(verdicts, 1))
    )

    assert (result.passed, result.total, result.percent) == (2, 3, 66)


@pytest.mark.parametrize(
    ("stdout", "expected", "verdict"),
    [
        ("4\n", "4", Verdict.PASSED),
        ("4   \n\n\n", "4", Verdict.PASSED),
        ("1 \n2\t\n", "1\n2", Verdict.PASSED),
        ("1\r\n2\r\n", "1\n2", Verdict.PASSED),
        (" 4", "4", Verdict.WRONG_ANSWER),  # leading whitespace counts
        ("1\n\n2", "1\n2", Verdict.WRONG_ANSWER),  # so do blank lines inside
        ("", "0", Verdict.WRONG_ANSWER),
    ],
)
def test_outputs_compare_without_trailing_whitespace(stdout, expected, verdict):
    assert answer_verdict(stdout=stdout, expected=expected) == verdict


@pytest.mark.parametrize(("name", "backend"), [("local", LocalBackend), ("judge0", Judge0Backend)])
def test_the_backend_comes_from_settings(settings, name, backend):
    settings.GRADER_BACKEND = name

    assert isinstance(grader_backend(), backend)


def test_an_unknown_backend_is_a_configuration_error(settings):
    settings.GRADER_BACKEND = "docker"

    with pytest.raises(ImproperlyConfigured, match="GRADER_BACKEND is 'docker'; it must be one of local, judge0"):
        grader_backend()


def test_without_bubblewrap_the_grader_is_unavailable_and_says_how_to_install_it(settings):
    settings.GRADER_BACKEND = "local"
    settings.GRADER_BWRAP = "/nonexistent/bwrap"

    with pytest.raises(GraderUnavailable, match=r"/nonexistent/bwrap.*apt-get install -y bubblewrap"):
        grade(language="python", code="print(1)", test_cases=[case("", "1")])


@pytest.fixture(params=["no bubblewrap", "bubblewrap fails"])
def broken_sandbox(request, local_grader, tmp_path):
    if request.param == "no bubblewrap":  # a program that exits at once, as bwrap does when namespaces are refused
        local_grader.GRADER_BWRAP = "/usr/bin/false"
    elif os.geteuid() == 0:  # bubblewrap itself failing: the sandbox's user cannot reach a path to show
        (tmp_path / "private").mkdir(mode=0o700)
        local_grader.GRADER_SANDBOX_PATHS = [*local_grader.GRADER_SANDBOX_PATHS, str(tmp_path / "private")]
        tmp_path.chmod(0o700)
    else:
        pytest.skip("needs root, to run the sandbox as a user that cannot read the grader's files")


def test_when_the_sandbox_cannot_start_the_code_never_runs(broken_sandbox):
    marker = Path(f"/tmp/codezest-grader-ran-{uuid.uuid4().hex}")
    code = f"open({str(marker)!r}, 'w').write('ran unconfined')\n"

    with pytest.raises(GraderUnavailable, match="the sandbox did not start"):
        grade(language="python", code=code, test_cases=[case("", "")])
    assert not marker.exists()
