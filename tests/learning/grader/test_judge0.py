"""The Judge0 backend against a fake Judge0 at the HTTP seam (its batch API, base64 both ways)."""

import httpx2
import pytest

from learning.assignments.grader import GraderUnavailable, Verdict, grade, judge0

from .conftest import case
from .fake_judge0 import AUTH_TOKEN, FakeJudge0

DOUBLER = "print(int(input()) * 2)\n"


def doubles(source_code: str, stdin: str) -> dict:
    """What Judge0 reports for the doubling program: it ran normally (3) and printed twice its input."""
    return {"status_id": 3, "stdout": f"{int(stdin) * 2}\n"}


@pytest.fixture
def judge0_server(settings, monkeypatch):
    """Install a fake Judge0 behind the backend's HTTP transport; polls do not sleep."""
    settings.GRADER_BACKEND = "judge0"
    settings.JUDGE0_URL = "https://judge0.test"
    settings.JUDGE0_AUTH_TOKEN = AUTH_TOKEN
    settings.JUDGE0_POLL_SECONDS = 0
    settings.JUDGE0_POLL_ATTEMPTS = 5

    def install(outcome=doubles, *, queued_polls: int = 0, handler=None) -> FakeJudge0:
        fake = FakeJudge0(outcome, queued_polls=queued_polls)
        monkeypatch.setattr(judge0, "http_transport", lambda: httpx2.MockTransport(handler or fake.handle))
        return fake

    return install


def test_a_correct_solution_passes_with_judge0s_measures(judge0_server, settings):
    fake = judge0_server()

    result = grade(language="python", code=DOUBLER, test_cases=[case("2", "4"), case("21", "42", hidden=True)])

    assert [(test.number, test.hidden, test.verdict) for test in result.tests] == [
        (1, False, Verdict.PASSED),
        (2, True, Verdict.PASSED),
    ]
    assert [(test.time_ms, test.wall_time_ms, test.memory_kb, test.stdout) for test in result.tests] == [
        (12, 34, 3120, "4\n"),
        (12, 34, 3120, "42\n"),
    ]
    sent = list(fake.submissions.values())
    assert [(submission["source_code"], submission["stdin"]) for submission in sent] == [
        (DOUBLER, "2"),
        (DOUBLER, "21"),
    ]
    assert sent[0]["language_id"] == settings.GRADER_LANGUAGES["python"]["judge0_id"]
    assert sent[0]["cpu_time_limit"] == settings.GRADER_CPU_SECONDS
    assert sent[0]["memory_limit"] == settings.GRADER_MEMORY_MB * 1024
    assert sent[0]["enable_network"] is False
    assert "expected_output" not in sent[0]  # compared here, by the local backend's rule; hidden answers stay here


@pytest.mark.parametrize(
    ("judge0_says", "verdict"),
    [
        ({"status_id": 3, "stdout": "5\n"}, Verdict.WRONG_ANSWER),
        ({"status_id": 4, "stdout": "4   \n\n"}, Verdict.PASSED),  # a server that compares: our rule decides
        ({"status_id": 5}, Verdict.TIME_LIMIT),
        ({"status_id": 7, "stderr": "Segmentation fault"}, Verdict.RUNTIME_ERROR),
        ({"status_id": 8}, Verdict.OUTPUT_LIMIT),
        ({"status_id": 9}, Verdict.RUNTIME_ERROR),
        ({"status_id": 10}, Verdict.RUNTIME_ERROR),
        ({"status_id": 11, "stderr": "ZeroDivisionError: division by zero"}, Verdict.RUNTIME_ERROR),
        ({"status_id": 11, "stderr": "Traceback (most recent call last):\nMemoryError\n"}, Verdict.MEMORY_LIMIT),
        ({"status_id": 12}, Verdict.RUNTIME_ERROR),
        ({"status_id": 13}, Verdict.INTERNAL_ERROR),
        ({"status_id": 14}, Verdict.INTERNAL_ERROR),
    ],
)
def test_judge0_statuses_map_to_verdicts(judge0_server, judge0_says, verdict):
    judge0_server(lambda source_code, stdin: judge0_says)

    test = grade(language="python", code=DOUBLER, test_cases=[case("2", "4")]).tests[0]

    assert test.verdict == verdict
    assert test.stderr == judge0_says.get("stderr", "")


def test_a_compilation_error_fails_every_test_with_the_compilers_words(judge0_server, settings):
    complaint = "Main.java:3: error: ';' expected\n1 error\n"
    fake = judge0_server(lambda source_code, stdin: {"status_id": 6, "compile_output": complaint})

    result = grade(language="java", code="class Main {", test_cases=[case("1", "2"), case("2", "4", hidden=True)])

    assert result.compile_error
    assert result.compile_output == complaint
    assert [(test.verdict, test.hidden) for test in result.tests] == [
        (Verdict.COMPILE_ERROR, False),
        (Verdict.COMPILE_ERROR, True),
    ]
    assert {submission["language_id"] for submission in fake.submissions.values()} == {
        settings.GRADER_LANGUAGES["java"]["judge0_id"]
    }


def test_a_slow_queue_is_polled_until_done(judge0_server):
    fake = judge0_server(queued_polls=2)  # In Queue, Processing, then finished

    result = grade(language="python", code=DOUBLER, test_cases=[case("1", "2"), case("3", "6")])

    assert result.passed == 2
    assert list(fake.polls.values()) == [3, 3]


def test_a_queue_slower_than_the_polling_bound_makes_the_grader_unavailable(judge0_server, settings):
    settings.JUDGE0_POLL_ATTEMPTS = 3
    judge0_server(queued_polls=10)

    with pytest.raises(GraderUnavailable, match="too slow: 2 of 2 tests unfinished after 3 polls"):
        grade(language="python", code=DOUBLER, test_cases=[case("1", "2"), case("3", "6")])


def test_many_tests_go_in_batches_of_twenty_and_keep_their_order(judge0_server):
    fake = judge0_server()
    cases = [case(str(number), str(number * 2)) for number in range(45)]

    result = grade(language="python", code=DOUBLER, test_cases=cases)

    assert fake.batch_sizes == [20, 20, 5]
    assert result.passed == 45
    assert [test.stdout for test in result.tests] == [f"{number * 2}\n" for number in range(45)]


def server_error(request: httpx2.Request) -> httpx2.Response:
    return httpx2.Response(503, text="upstream connect error")


def timeout(request: httpx2.Request) -> httpx2.Response:
    raise httpx2.ReadTimeout("timed out", request=request)


def unreachable(request: httpx2.Request) -> httpx2.Response:
    raise httpx2.ConnectError("Connection refused", request=request)


@pytest.mark.parametrize(
    ("handler", "reason"),
    [
        (server_error, "Judge0 answered 503: upstream connect error"),
        (timeout, r"Judge0 did not answer within 10(\.0)? s \(ReadTimeout\)"),
        (unreachable, "Judge0 could not be reached"),
    ],
)
def test_a_failing_judge0_makes_the_grader_unavailable_with_the_reason(judge0_server, handler, reason):
    judge0_server(handler=handler)

    with pytest.raises(GraderUnavailable, match=reason):
        grade(language="python", code=DOUBLER, test_cases=[case("1", "2")])


def test_a_server_error_while_polling_makes_the_grader_unavailable(judge0_server):
    fake = FakeJudge0(doubles)
    judge0_server(handler=lambda request: server_error(request) if request.method == "GET" else fake.handle(request))

    with pytest.raises(GraderUnavailable, match="503"):
        grade(language="python", code=DOUBLER, test_cases=[case("1", "2")])
    assert len(fake.submissions) == 1


def test_a_refused_submission_or_a_wrong_token_makes_the_grader_unavailable(judge0_server, settings):
    judge0_server(handler=lambda request: httpx2.Response(201, json=[{"language_id": ["language does not exist"]}]))
    with pytest.raises(GraderUnavailable, match="Judge0 refused test 1"):
        grade(language="python", code=DOUBLER, test_cases=[case("1", "2")])

    judge0_server()
    settings.JUDGE0_AUTH_TOKEN = "not-the-token"
    with pytest.raises(GraderUnavailable, match="401"):
        grade(language="python", code=DOUBLER, test_cases=[case("1", "2")])


def test_without_a_judge0_url_the_grader_is_unavailable(judge0_server, settings):
    judge0_server(handler=lambda request: pytest.fail("no request expected"))
    settings.JUDGE0_URL = ""

    with pytest.raises(GraderUnavailable, match="JUDGE0_URL is not set"):
        grade(language="python", code=DOUBLER, test_cases=[case("1", "2")])
