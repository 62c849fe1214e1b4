"""The Judge0 backend: a Judge0 CE or Extra server runs the tests through its batch API, base64 both ways.

The expected output is not sent: Judge0 only runs the program (status 3 when it ends normally) and the
stdout is compared here, by the same rule as the local backend (Judge0's own rule also strips leading
whitespace), and the hidden tests' answers never leave this server.
"""

import base64
import time
from collections.abc import Iterator

import httpx2
from django.conf import settings

from .judging import answer_verdict, excerpt, failure_verdict
from .languages import Language
from .results import GraderUnavailable, GradingResult, TestResult, Verdict

BATCH_SIZE = 20  # Judge0's default MAX_SUBMISSION_BATCH_SIZE
FIELDS = "token,status,stdout,stderr,compile_output,time,wall_time,memory"
PENDING = {1, 2}  # In Queue, Processing
RAN_TO_THE_END = {3, 4}  # Accepted, Wrong Answer (the latter only if a server compares anyway)
COMPILATION_ERROR = 6
RUNTIME_ERRORS = {7, 9, 10, 11, 12}  # SIGSEGV, SIGFPE, SIGABRT, NZEC, Other
STATUS_VERDICTS = {
    5: Verdict.TIME_LIMIT,
    8: Verdict.OUTPUT_LIMIT,  # SIGXFSZ: a file or the output grew past max_file_size
    13: Verdict.INTERNAL_ERROR,
    14: Verdict.INTERNAL_ERROR,  # Exec Format Error: the server's runtime, not the submission
}


def http_transport() -> httpx2.BaseTransport:
    """The HTTP transport to Judge0 (tests put a fake Judge0 here)."""
    return httpx2.HTTPTransport()


def _encoded(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _decoded(value: str | None) -> str:
    return base64.b64decode(value).decode(errors="replace") if value else ""


def _milliseconds(seconds: str | float | None) -> int | None:
    return None if seconds is None else round(float(seconds) * 1000)


def _batches(items: list) -> Iterator[list]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def _call(client: httpx2.Client, method: str, path: str, **options):
    try:
        response = client.request(method, path, **options)
    except httpx2.TimeoutException as error:
        raise GraderUnavailable(
            f"Judge0 did not answer within {settings.JUDGE0_TIMEOUT_SECONDS} s ({type(error).__name__})"
        ) from error
    except httpx2.HTTPError as error:
        raise GraderUnavailable(f"Judge0 could not be reached ({type(error).__name__}: {error})") from error
    if not response.is_success:
        raise GraderUnavailable(f"Judge0 answered {response.status_code}: {response.text[:200]}")
    try:
        return response.json()
    except ValueError as error:
        raise GraderUnavailable(f"Judge0 answered {response.status_code} with no JSON") from error


class Judge0Backend:
    name = "judge0"

    def grade(self, *, language: Language, code: str, test_cases: list[dict]) -> GradingResult:
        if not settings.JUDGE0_URL:
            raise GraderUnavailable("JUDGE0_URL is not set")
        headers = {"X-Auth-Token": settings.JUDGE0_AUTH_TOKEN} if settings.JUDGE0_AUTH_TOKEN else {}
        with httpx2.Client(
            base_url=settings.JUDGE0_URL,
            headers=headers,
            timeout=settings.JUDGE0_TIMEOUT_SECONDS,
            transport=http_transport(),
        ) as client:
            tokens = self._create(client, language=language, code=code, test_cases=test_cases)
            finished = self._wait(client, tokens)
        return self._result(language, test_cases=test_cases, finished=finished)

    def _create(self, client: httpx2.Client, *, language: Language, code: str, test_cases: list[dict]) -> list[str]:
        submissions = [
            {
                "language_id": language.judge0_id,
                "source_code": _encoded(code),
                "stdin": _encoded(case.get("input", "")),
                "cpu_time_limit": settings.GRADER_CPU_SECONDS,
                "wall_time_limit": settings.GRADER_WALL_SECONDS,
                "memory_limit": settings.GRADER_MEMORY_MB * 1024,  # KB
                "max_file_size": settings.GRADER_MAX_FILE_BYTES // 1024,  # KB
                "max_processes_and_or_threads": settings.GRADER_MAX_PROCESSES,
                "enable_network": False,
            }
            for case in test_cases
        ]
        tokens = []
        for batch in _batches(submissions):
            created = _call(client, "POST", "/submissions/batch?base64_encoded=true", json={"submissions": batch})
            for entry in created:
                if not isinstance(entry, dict) or "token" not in entry:
                    raise GraderUnavailable(f"Judge0 refused test {len(tokens) + 1}: {entry}")
                tokens.append(entry["token"])
        return tokens

    def _wait(self, client: httpx2.Client, tokens: list[str]) -> list[dict]:
        """Poll until every test is done, at most JUDGE0_POLL_ATTEMPTS times, JUDGE0_POLL_SECONDS apart."""
        done: dict[str, dict] = {}
        for _attempt in range(settings.JUDGE0_POLL_ATTEMPTS):
            time.sleep(settings.JUDGE0_POLL_SECONDS)
            for batch in _batches([token for token in tokens if token not in done]):
                params = {"tokens": ",".join(batch), "base64_encoded": "true", "fields": FIELDS}
                polled = _call(client, "GET", "/submissions/batch", params=params)["submissions"]
                for token, entry in zip(batch, polled, strict=True):
                    if entry is None or entry.get("token") != token:
                        raise GraderUnavailable(f"Judge0 lost the submission {token}")
                    if entry["status"]["id"] not in PENDING:
                        done[token] = entry
            if len(done) == len(tokens):
                return [done[token] for token in tokens]
        waited = settings.JUDGE0_POLL_ATTEMPTS * settings.JUDGE0_POLL_SECONDS
        raise GraderUnavailable(
            f"Judge0's queue is too slow: {len(tokens) - len(done)} of {len(tokens)} tests unfinished after "
            f"{settings.JUDGE0_POLL_ATTEMPTS} polls ({waited:g} s)"
        )

    def _result(self, language: Language, *, test_cases: list[dict], finished: list[dict]) -> GradingResult:
        for entry in finished:
            if entry["status"]["id"] == COMPILATION_ERROR:
                output = excerpt(_decoded(entry.get("compile_output")))
                return GradingResult.failed_to_compile(compile_output=output, test_cases=test_cases)
        tests = tuple(
            self._test_result(language, number=number, case=case, entry=entry)
            for number, (case, entry) in enumerate(zip(test_cases, finished, strict=True), start=1)
        )
        return GradingResult(tests=tests, compile_output=excerpt(_decoded(finished[0].get("compile_output"))))

    def _test_result(self, language: Language, *, number: int, case: dict, entry: dict) -> TestResult:
        status, stdout, stderr = entry["status"]["id"], _decoded(entry.get("stdout")), _decoded(entry.get("stderr"))
        if status in RAN_TO_THE_END:
            verdict = answer_verdict(stdout=stdout, expected=case["expected_output"])
        elif status in RUNTIME_ERRORS:
            verdict = failure_verdict(language=language, stderr=stderr)
        else:
            verdict = STATUS_VERDICTS.get(status, Verdict.INTERNAL_ERROR)
        return TestResult(
            number=number,
            hidden=case.get("hidden", False),
            verdict=verdict,
            time_ms=_milliseconds(entry.get("time")),
            wall_time_ms=_milliseconds(entry.get("wall_time")),
            memory_kb=entry.get("memory"),
            stdout=excerpt(stdout),
            stderr=excerpt(stderr),
        )
