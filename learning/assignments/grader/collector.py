"""The sandboxed chain watched from outside: its output read up to the limit, its reports, a kill at a limit."""

import contextlib
import os
import re
import selectors
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

READ_CHUNK = 64 * 1024
STATUS_BYTES = 4096  # kept of bubblewrap's status: its first line has the program's PID
MEMORY_BYTES = 64  # kept of GNU time's pipe: the program can write there too, time's figure comes last
CHILD_PID = re.compile(rb'"child-pid": *(\d+)')
SANDBOX_INIT = re.compile(r"^NSpid:\s+\d+\s+1$", re.MULTILINE)  # PID 1 of a namespace one level down
STOP_GRACE_SECONDS = 2  # for a killed program's sandbox to unwind before the chain is torn down from the top


class Collector:
    """Reads stdout and stderr up to the output limit, and the report pipes, until the chain ends or time is up.

    A program over a limit is killed alone (through a pidfd, so never a process that reused its PID): the
    chain then unwinds as usual, bubblewrap reaping it and GNU time reporting, so its time and memory count.
    """

    def __init__(
        self, process: subprocess.Popen, *, status_fd: int, memory_fd: int, wall_seconds: float, max_output_bytes: int
    ):
        self.status_fd, self.memory_fd = status_fd, memory_fd
        self.wall_seconds, self.max_output_bytes = wall_seconds, max_output_bytes
        self.chain_pidfd = os.pidfd_open(process.pid)
        self.program_pidfd: int | None = None
        self.outputs = {process.stdout.fileno(): bytearray(), process.stderr.fileno(): bytearray()}
        self.status, self.memory = bytearray(), b""
        self.timed_out = self.output_exceeded = self.torn_down = False

    def collect(self, started: float) -> None:
        deadline, stopping = started + self.wall_seconds, False
        with selectors.DefaultSelector() as selector:
            for fd in [*self.outputs, self.status_fd, self.memory_fd, self.chain_pidfd]:
                selector.register(fd, selectors.EVENT_READ)
            while selector.get_map():
                remaining = deadline - time.monotonic()
                if remaining <= 0 and stopping:  # the chain did not unwind: end it from the top
                    with contextlib.suppress(ProcessLookupError):
                        signal.pidfd_send_signal(self.chain_pidfd, signal.SIGKILL)
                    self.torn_down = True
                    return
                if remaining <= 0 or (self.output_exceeded and not stopping):
                    self.timed_out = not self.output_exceeded
                    deadline, stopping = time.monotonic() + STOP_GRACE_SECONDS, True
                    self._kill_program()
                    continue
                for key, _events in selector.select(remaining):
                    if key.fd == self.chain_pidfd or not self._read(key.fd):
                        selector.unregister(key.fd)

    def _read(self, fd: int) -> bool:
        chunk = os.read(fd, READ_CHUNK)
        if fd == self.status_fd:
            self.status += chunk[: STATUS_BYTES - len(self.status)]
            self._open_program_pidfd()
        elif fd == self.memory_fd:
            self.memory = (self.memory + chunk)[-MEMORY_BYTES:]
        else:
            budget = self.max_output_bytes - sum(len(output) for output in self.outputs.values())
            self.outputs[fd] += chunk[: max(budget, 0)]
            self.output_exceeded = self.output_exceeded or len(chunk) > budget
        return bool(chunk)

    def _open_program_pidfd(self) -> None:
        """The PID bubblewrap reports (only it writes there), once checked to be PID 1 of the sandbox."""
        found = CHILD_PID.search(self.status)
        if not found or self.program_pidfd is not None:
            return
        try:
            pidfd = os.pidfd_open(int(found[1]))
        except ProcessLookupError:  # over already
            return
        try:
            status = Path(f"/proc/{found[1].decode()}/status").read_text()
            signal.pidfd_send_signal(pidfd, 0)  # still alive, so /proc above was this very process
        except OSError:
            os.close(pidfd)
            return
        if SANDBOX_INIT.search(status):
            self.program_pidfd = pidfd
        else:
            os.close(pidfd)

    def _kill_program(self) -> None:
        # As PID 1 of its namespace, its death takes every other process in the sandbox with it.
        target = self.chain_pidfd if self.program_pidfd is None else self.program_pidfd
        with contextlib.suppress(ProcessLookupError):  # it has just ended by itself
            signal.pidfd_send_signal(target, signal.SIGKILL)

    def close(self) -> None:
        for pidfd in (self.chain_pidfd, self.program_pidfd):
            if pidfd is not None:
                os.close(pidfd)

    @property
    def peak_memory_kb(self) -> int | None:
        """GNU time's last line; none if time itself had to be killed (then the last line may be the program's)."""
        last_line = self.memory.rstrip().rpartition(b"\n")[2]
        return int(last_line) if last_line.isdigit() and not self.torn_down else None

    def text(self, stream: IO) -> str:
        return self.outputs[stream.fileno()].decode(errors="replace")
