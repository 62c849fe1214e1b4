"""Hostile submissions in the real sandbox: each gets its verdict, nothing outside is harmed, grading goes on."""

import os
import socket
import subprocess
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

import psutil
import pytest

from learning.assignments.grader import TestResult, Verdict, grade

from .conftest import case, require_runtime


@pytest.fixture(autouse=True)
def _sandbox(local_grader):
    """Each test ends by grading a correct submission, and with no sandbox process or directory left behind."""
    yield
    result = grade(language="python", code="print(int(input()) * 2)", test_cases=[case("21", "42")])
    assert result.tests[0].verdict == Verdict.PASSED
    assert list(Path(local_grader.GRADER_WORK_DIR).iterdir()) == []
    assert not sandbox_processes(local_grader.GRADER_SANDBOX_UID)


def sandbox_processes(uid: int) -> list[psutil.Process]:
    deadline = time.monotonic() + 0.5  # the kernel tears a PID namespace down asynchronously
    while (processes := [p for p in psutil.process_iter(["uids"]) if p.info["uids"].real == uid]) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.05)
    return processes


def grade_python(code: str, expected: str = "") -> TestResult:
    result = grade(language="python", code=code, test_cases=[case("", expected)])
    return result.tests[0]


def test_an_infinite_loop_is_stopped_at_the_cpu_limit(settings):
    settings.GRADER_CPU_SECONDS = 1

    test = grade_python("while True:\n    pass\n")

    assert test.verdict == Verdict.TIME_LIMIT
    assert 500 < test.time_ms < 2500  # this VM's rusage runs slow against RLIMIT_CPU's clock


def test_sleeping_past_the_wall_limit_is_stopped(settings):
    settings.GRADER_WALL_SECONDS = 1.5
    started = time.monotonic()

    test = grade_python("import time\ntime.sleep(60)\n")

    assert test.verdict == Verdict.TIME_LIMIT
    assert time.monotonic() - started < 4
    assert test.wall_time_ms >= 1500
    assert test.time_ms < 500
    assert test.memory_kb > 1000  # the program alone was killed: the chain still reported on it


@pytest.mark.parametrize(
    ("language", "code", "runtime_says"),
    [
        ("python", "chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 1024 * 1024))\n", "MemoryError"),
        (
            "javascript",
            "const chunks = [];\nwhile (true) chunks.push(new Array(1e6).fill(1.5));\n",
            "heap out of memory",
        ),
        (
            "java",
            "public class Main {\n    public static void main(String[] args) {\n"
            "        java.util.List<long[]> chunks = new java.util.ArrayList<>();\n"
            "        while (true) chunks.add(new long[1 << 20]);\n    }\n}\n",
            "java.lang.OutOfMemoryError",
        ),
    ],
)
def test_a_memory_bomb_gets_memory_limit_not_runtime_error(language, code, runtime_says):
    """The runtime fails its allocation (address-space or heap limit) and says so: MEMORY_LIMIT."""
    require_runtime(language)

    test = grade(language=language, code=code, test_cases=[case()]).tests[0]

    assert test.verdict == Verdict.MEMORY_LIMIT
    assert runtime_says in test.stderr
    assert test.memory_kb < 400_000  # 128 MB for the program; the runtime's own pages on top


def test_a_fork_bomb_is_refused_at_the_process_limit():
    test = grade_python("import os\nwhile True:\n    os.fork()\n")

    assert test.verdict == Verdict.RUNTIME_ERROR
    assert "BlockingIOError" in test.stderr


def test_the_process_limit_counts_only_this_sandbox(settings):
    """RLIMIT_NPROC counts per user, but per user namespace too: the sandbox user's other processes do not count."""
    others = []
    if os.geteuid() == 0:
        user = {"user": settings.GRADER_SANDBOX_UID, "group": settings.GRADER_SANDBOX_GID, "extra_groups": []}
        others = [subprocess.Popen(["sleep", "30"], **user) for _ in range(10)]
    code = (
        "import os, time\nforks = 0\ntry:\n    while True:\n        if os.fork() == 0:\n"
        "            time.sleep(30)\n        forks += 1\nexcept OSError:\n    print(forks)\n"
    )
    try:
        forks = int(grade_python(code).stdout)
    finally:
        for process in others:
            process.kill()
            process.wait()

    assert settings.GRADER_MAX_PROCESSES - 5 < forks < settings.GRADER_MAX_PROCESSES


def test_a_process_left_running_dies_with_the_program():
    """A daemon (double fork, new session) does not outlive its program, nor delay the verdict."""
    code = (
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        time.sleep(60)\n"
        "    os._exit(0)\nprint('done')\n"
    )
    started = time.monotonic()

    test = grade_python(code, expected="done")

    assert test.verdict == Verdict.PASSED
    assert time.monotonic() - started < 3  # the fixture then finds no process left


def test_a_hundred_megabytes_of_output_stops_at_the_output_limit_without_filling_the_grader(settings):
    code = 'import sys\nline = "x" * 1023 + "\\n"\nfor _ in range(100 * 1024):\n    sys.stdout.write(line)\n'
    tracemalloc.start()
    try:
        test = grade_python(code)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert test.verdict == Verdict.OUTPUT_LIMIT
    assert peak < 4 * settings.GRADER_MAX_OUTPUT_BYTES  # 100 MB were written
    assert len(test.stdout) == settings.GRADER_REPORTED_OUTPUT_BYTES


def test_only_the_work_directory_is_writable():
    name = f"escape-{uuid.uuid4().hex}"
    outside = [f"/{name}", f"/usr/{name}", f"/dev/shm/{name}", f"{tempfile.gettempdir()}/../{name}"]
    code = (
        f"for path in {outside!r}:\n    try:\n        open(path, 'w').write('x')\n        print('written')\n"
        "    except OSError as error:\n        print(error.strerror)\n"
        "open('mine.txt', 'w').write('fine')\nprint(open('/tmp/mine.txt').read())\n"
    )

    refused = ["Read-only file system", "Read-only file system", "No such file or directory", "Read-only file system"]
    test = grade_python(code, expected="\n".join([*refused, "fine"]))

    assert test.verdict == Verdict.PASSED, test.stdout + test.stderr
    assert not any(Path(path).exists() for path in outside)


def test_the_project_and_the_graders_environment_are_out_of_sight(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://grader:s3cret-in-env@db/codezest")
    monkeypatch.setenv("DJANGO_SECRET_KEY", "s3cret-key")
    settings_file = Path(__file__).resolve().parents[3] / "codezest" / "settings" / "base.py"
    code = (
        "import os\nprint(sorted(os.environ))\n"
        f"print(os.path.exists({str(settings_file)!r}), os.path.exists('/work'), os.path.exists('/root'))\n"
        "print(sorted(os.listdir('/')))\nprint(open('/proc/1/environ').read().count('s3cret'))\n"
    )

    test = grade_python(
        code,
        expected=(
            "['HOME', 'LANG', 'PATH', 'PWD']\nFalse False False\n"
            "['bin', 'dev', 'etc', 'lib', 'lib64', 'proc', 'sandbox', 'tmp', 'usr']\n0"
        ),
    )

    assert test.verdict == Verdict.PASSED, test.stdout + test.stderr
    assert "s3cret" not in test.stdout + test.stderr


def test_no_network_not_even_the_hosts_loopback():
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]
        code = (
            "import socket\n"
            f"for address in [('127.0.0.1', {port}), ('1.1.1.1', 53), ('pypi.org', 443)]:\n"
            "    try:\n        socket.create_connection(address, timeout=2)\n        print('connected')\n"
            "    except OSError as error:\n        print(type(error).__name__)\n"
        )

        test = grade_python(code, expected="ConnectionRefusedError\nOSError\ngaierror")

        listener.settimeout(0)
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert test.verdict == Verdict.PASSED, test.stdout + test.stderr
