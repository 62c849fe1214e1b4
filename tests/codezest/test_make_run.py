"""`make run` sets everything up and serves the admin login page."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except (urllib.error.URLError, ConnectionError):
        return None


def test_make_run_serves_the_admin_login_page(tmp_path):
    port = free_port()
    log = (tmp_path / "make-run.log").open("w+")
    server = subprocess.Popen(
        ["make", "run", f"PORT={port}"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        page = None
        while page is None and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.5)
            page = get(f"http://127.0.0.1:{port}/admin/login/")
        log.seek(0)
        output = log.read()
        assert page is not None, output
        status, body = page
        assert status == 200
        assert "Log in" in body
        assert f"http://127.0.0.1:{port}/admin/" in output
        assert "admin@codezest.local" in output
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
