"""One command run in a bubblewrap sandbox, under limits, with its time, memory and output measured.

The sandbox: new user, PID, network, IPC, UTS and cgroup namespaces; only GRADER_SANDBOX_PATHS shown, read-only;
the work directory the only writable path; a scrubbed environment; an unprivileged user. If bubblewrap cannot
build the sandbox the run raises GraderUnavailable: the code is never run without it.

The chain is [setpriv ->] GNU time -> bwrap -> sh -> the program; from sh on it is one process (sh execs the
program), PID 1 of its namespace. Why each link:
- setpriv (only when the grader is root): the sandbox runs as GRADER_SANDBOX_UID.
- GNU time: ru_maxrss of a process forked from the grader includes the grader's own size (the kernel keeps the
  high-water mark across exec), so peak memory is measured by a small parent instead.
- --as-pid-1: bubblewrap's own init is not reaped by bwrap, which would hide the program's CPU time from wait4.
- sh sets the resource limits inside, so they bind the program and not bubblewrap, then prints a line on
  stderr before the program can: the sandbox is built (bubblewrap reports its child's PID before it sets the
  sandbox up, and its set-up errors go to the same stderr).
"""

import math
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

from .collector import Collector
from .results import GraderUnavailable

SANDBOX_DIR = "/sandbox"
DEVICES = ["/dev/null", "/dev/zero", "/dev/random", "/dev/urandom"]  # not --dev: no /dev/shm, and faster
DEVICE_LINKS = {
    "/dev/fd": "/proc/self/fd",
    **{f"/dev/{name}": f"/proc/self/fd/{fd}" for fd, name in enumerate(["stdin", "stdout", "stderr"])},
}
SETPRIV = "/usr/bin/setpriv"
GNU_TIME = "/usr/bin/time"
SIGNAL_EXIT_BASE = 128  # bubblewrap and GNU time exit with 128 + N when the program is killed by signal N
READY = "codezest-sandbox-ready\n"  # on stderr from inside, once built; the program's own stderr follows it
INSTALL_HINTS = {"bwrap": "apt-get install -y bubblewrap", "time": "apt-get install -y time"}


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float
    wall_seconds: float
    address_space_mb: int
    max_processes: int
    max_file_bytes: int
    max_output_bytes: int


@dataclass(frozen=True)
class SandboxRun:
    exit_code: int
    timed_out: bool  # stopped at the wall-clock limit
    output_exceeded: bool  # stopped at GRADER_MAX_OUTPUT_BYTES
    cpu_ms: int  # user + system time of every process in the sandbox
    wall_ms: int
    memory_kb: int | None  # peak resident memory of its largest process; None if the sandbox had to be torn down
    stdout: str
    stderr: str


def executable(path: str) -> str:
    """The absolute path of a program the grader needs; GraderUnavailable names it when it is missing."""
    found = shutil.which(path)
    if not found:
        hint = INSTALL_HINTS.get(Path(path).name, "is it installed?")
        raise GraderUnavailable(f"the grader needs {path}, which is not on this machine ({hint})")
    return found


def _runs_as_root() -> bool:
    return os.geteuid() == 0


@contextmanager
def work_directory() -> Iterator[Path]:
    """A fresh directory for one submission, owned by the sandbox's user, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="codezest-grader-", dir=settings.GRADER_WORK_DIR or None))
    try:
        if _runs_as_root():
            os.chown(path, settings.GRADER_SANDBOX_UID, settings.GRADER_SANDBOX_GID)
        yield path
    finally:
        if not _runs_as_root():  # the program may have taken its own permissions away; root needs none
            for parent, directories, _files in os.walk(path):
                for directory in directories:
                    if not os.path.islink(os.path.join(parent, directory)):
                        os.chmod(os.path.join(parent, directory), 0o700)
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def input_file(text: str) -> Iterator[IO[bytes]]:
    """A test's stdin, as an unnamed file the sandbox's user may also reopen (node reads /dev/stdin)."""
    with tempfile.TemporaryFile(dir=settings.GRADER_WORK_DIR or None) as stdin:
        if _runs_as_root():
            os.fchown(stdin.fileno(), settings.GRADER_SANDBOX_UID, settings.GRADER_SANDBOX_GID)
        stdin.write(text.encode())
        stdin.seek(0)
        yield stdin


def _mounts(extra_paths: Iterable[str]) -> list[str]:
    arguments = []
    for path in [*settings.GRADER_SANDBOX_PATHS, *extra_paths]:
        if os.path.islink(path):  # /bin -> usr/bin on a merged-/usr system
            arguments += ["--symlink", os.readlink(path), path]
        elif os.path.exists(path):
            arguments += ["--ro-bind", path, path]
    return arguments


def _limits_then_program(limits: Limits) -> list[str]:
    """sh sets the limits (they bind what it execs, not bubblewrap), says the sandbox is built, execs the program.

    As PID 1 the program ignores SIGXCPU: the CPU limit is its hard limit, a SIGKILL (RLIMIT_CPU counts whole
    seconds). RLIMIT_NPROC counts the sandbox user's processes in this user namespace only.
    """
    script = " && ".join(
        [
            f"ulimit -t {math.ceil(limits.cpu_seconds)}",
            f"ulimit -v {limits.address_space_mb * 1024}",  # KB
            f"ulimit -p {limits.max_processes}",
            f"ulimit -f {limits.max_file_bytes // 512}",  # 512-byte blocks
            "ulimit -c 0",
            f"printf '{READY.strip()}\\n' >&2",
            'exec "$@"',
        ]
    )
    return ["/bin/sh", "-c", script, "sh"]


def sandbox_command(
    command: list[str], *, workdir: Path, limits: Limits, extra_paths: Iterable[str], status_fd: int, memory_fd: int
) -> list[str]:
    """The whole chain: bubblewrap reports on ``status_fd``, GNU time the peak memory on a line of its own."""
    return [
        *_as_sandbox_user(),
        *[executable(GNU_TIME), "--quiet", "--format", "\\n%M", "--output", f"/dev/fd/{memory_fd}"],
        executable(settings.GRADER_BWRAP),
        *["--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"],
        *["--unshare-cgroup-try", "--disable-userns", "--hostname", "sandbox", "--as-pid-1"],
        *["--uid", str(settings.GRADER_SANDBOX_UID), "--gid", str(settings.GRADER_SANDBOX_GID)],
        *["--die-with-parent", "--new-session", "--json-status-fd", str(status_fd)],  # closed inside
        *["--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", SANDBOX_DIR],
        *["--setenv", "LANG", "C.UTF-8"],
        *_mounts(extra_paths),
        *["--proc", "/proc", *[part for device in DEVICES for part in ("--dev-bind", device, device)]],
        *[part for link, target in DEVICE_LINKS.items() for part in ("--symlink", target, link)],
        *["--bind", str(workdir), SANDBOX_DIR, "--chdir", SANDBOX_DIR],
        *["--symlink", SANDBOX_DIR, "/tmp"],  # programs that want a temporary file get one in the work directory
        *["--remount-ro", "/"],  # last, once the mount points are made
        *_limits_then_program(limits),
        *command,
    ]


def _as_sandbox_user() -> list[str]:
    """When root, drop to GRADER_SANDBOX_UID first: RLIMIT_NPROC does not bind root, whatever the namespace.

    util-linux's setpriv does it rather than Popen(user=...), which would fork the whole grader process
    (vfork is off when Popen changes users): 15 ms a run for a 150 MB grader, more than the sandbox costs.
    """
    if not _runs_as_root():
        return []
    uid, gid = settings.GRADER_SANDBOX_UID, settings.GRADER_SANDBOX_GID
    return [executable(SETPRIV), f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--"]


@contextmanager
def _report_pipes() -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """bubblewrap's status pipe and GNU time's memory pipe, (read end, write end) each; read ends closed after."""
    status, memory = os.pipe(), os.pipe()
    if _runs_as_root():  # GNU time reopens its pipe by path, as the sandbox's user
        os.fchown(memory[1], settings.GRADER_SANDBOX_UID, settings.GRADER_SANDBOX_GID)
    try:
        yield status, memory
    finally:
        os.close(status[0])
        os.close(memory[0])


def run_in_sandbox(
    command: list[str], *, workdir: Path, limits: Limits, extra_paths: Iterable[str] = (), stdin: IO | None = None
) -> SandboxRun:
    """Run ``command`` in ``workdir`` (seen as /sandbox), reading ``stdin``; GraderUnavailable if no sandbox.

    The sandbox shows GRADER_SANDBOX_PATHS and ``extra_paths`` (a language's own), read-only.
    """
    with _report_pipes() as ((status_read, status_write), (memory_read, memory_write)):
        started = time.monotonic()
        try:
            process = subprocess.Popen(
                sandbox_command(
                    command,
                    workdir=workdir,
                    limits=limits,
                    extra_paths=extra_paths,
                    status_fd=status_write,
                    memory_fd=memory_write,
                ),
                stdin=stdin if stdin is not None else subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=[status_write, memory_write],
                cwd=workdir,
                env={"PATH": "/usr/bin:/bin"},  # the grader's secrets stay out of time's and bwrap's environment too
                start_new_session=True,
            )
        finally:
            os.close(status_write)
            os.close(memory_write)
        with process:
            collector = Collector(
                process,
                status_fd=status_read,
                memory_fd=memory_read,
                wall_seconds=limits.wall_seconds,
                max_output_bytes=limits.max_output_bytes,
            )
            try:
                collector.collect(started)
                _pid, wait_status, usage = os.wait4(process.pid, 0)
            finally:
                collector.close()
            process.returncode = os.waitstatus_to_exitcode(wait_status)
            bubblewrap_said, ready, stderr = collector.text(process.stderr).partition(READY)
            if not ready:
                raise GraderUnavailable(f"the sandbox did not start: {bubblewrap_said.strip()[:500]}")
            return SandboxRun(
                exit_code=process.returncode,
                timed_out=collector.timed_out,
                output_exceeded=collector.output_exceeded,
                cpu_ms=round((usage.ru_utime + usage.ru_stime) * 1000),
                wall_ms=round((time.monotonic() - started) * 1000),
                memory_kb=collector.peak_memory_kb,
                stdout=collector.text(process.stdout),
                stderr=stderr,
            )
