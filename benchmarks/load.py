"""A load test: the production server (gunicorn, several workers) under concurrent learners.

Run: .venv/bin/python benchmarks/load.py DATABASE [--clients 16] [--seconds 30] [--workers 5]

DATABASE is a database on the embedded (or DATABASE_URL) server holding `seed_demo --scale` data, e.g. one made
with `seed_demo --scale 5000`. It is copied first (CREATE DATABASE … TEMPLATE), so the writes land in the copy,
which is dropped at the end. Each client is a bulk student with a session of its own, keeps its connection
alive, and loops over a weighted mix of the learner's reads and writes. Printed per endpoint: requests, their
share of the throughput, p50 and p99 latency and the statuses; then the total and the machine.

Left out on purpose: logging in (its password hashing and its throttle would measure themselves, not the API;
sessions are opened in-process instead), grading (no db_worker runs, so submissions stay queued), and the
request throttles (raised for the run: one machine's clients would otherwise share an IP's allowance).
"""

import argparse
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import requests
from _scratch import connection, connections

from codezest.db.config import database_url

ROOT = Path(__file__).resolve().parents[1]
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS proxy in front would add
STARTUP_SECONDS = 60
CODE = "def solve(numbers):\n    return sum(numbers)\n"


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}"


def copy_database(source: str) -> str:
    name = f"load_{uuid.uuid4().hex[:8]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    connections["default"].close()
    connections["default"].settings_dict["NAME"] = name
    return name


def drop_database(name: str) -> None:
    connections["default"].close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(database: str, port: int, workers: int, static_root: str) -> subprocess.Popen:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="codezest.settings.production",
        DATABASE_URL=database_url({**connections["default"].settings_dict, "NAME": database}),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_STATIC_ROOT=static_root,
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_LOG_LEVEL="warning",
        WEB_CONCURRENCY=str(workers),
        API_THROTTLE_USER="1000000/minute",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:codezest.gunicorn_config"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return server
        except requests.RequestException:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("The production server did not answer /health in time.")


def learners(count: int) -> list[str]:
    """Bearer tokens of ``count`` bulk students, opened in-process."""
    from django.contrib.auth import get_user_model

    from accounts.services import session_create
    from learning.demo.scale import BULK_STUDENT_EMAIL

    users = list(get_user_model().objects.filter(email__in=[BULK_STUDENT_EMAIL.format(n) for n in range(count)]))
    if len(users) < count:
        raise SystemExit(f"Only {len(users)} bulk students in this database: run `seed_demo --scale {count}` first.")
    return [session_create(user=user)[1] for user in users]


def the_mix() -> list[tuple[str, str, str, object]]:
    """(label, method, path, body) with each label's weight given by how often it appears."""
    from learning.assignments.selectors import public_assignments
    from learning.content.selectors import public_content_modules, public_languages, public_materials

    language = public_languages().first()
    module = public_content_modules().filter(language=language).first()
    materials = list(public_materials().filter(module=module)[:5])
    assignment = public_assignments().filter(module=module).first()
    reads = [
        ("GET languages", "GET", "/api/v1/languages", None),
        ("GET modules of a language", "GET", f"/api/v1/modules?language={language.pk}", None),
        ("GET material", "GET", f"/api/v1/materials/{materials[0].pk}", None),
        ("GET me/submissions", "GET", "/api/v1/me/submissions", None),
        ("GET me/submissions", "GET", "/api/v1/me/submissions", None),
        ("GET me/attempts", "GET", "/api/v1/me/attempts", None),
        ("GET me/module-progress", "GET", "/api/v1/me/module-progress", None),
        ("GET me/notifications", "GET", "/api/v1/me/notifications", None),
        ("GET me/activity", "GET", "/api/v1/me/activity", None),
    ]
    writes = [
        ("POST material view", "POST", f"/api/v1/me/materials/{material.pk}/view", None) for material in materials[:2]
    ] + [("POST submission", "POST", "/api/v1/me/submissions", {"assignment": str(assignment.pk), "code": CODE})]
    return reads + writes


def client_loop(base: str, token: str, mix, stop: threading.Event, seed: int, results) -> None:
    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {token}", **PROXY_HEADERS})
    pick = random.Random(seed)
    while not stop.is_set():
        label, method, path, body = pick.choice(mix)
        started = time.perf_counter()
        response = session.request(method, base + path, json=body, timeout=30)
        results[label].append((time.perf_counter() - started, response.status_code))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    options = parser.parse_args()

    copy = copy_database(options.database)
    server = None
    try:
        tokens = learners(options.clients)
        mix = the_mix()
        connections["default"].close()
        port = free_port()
        with tempfile.TemporaryDirectory() as static_root:
            server = start_server(copy, port, options.workers, static_root)
            results = defaultdict(list)
            stop = threading.Event()
            clients = [
                threading.Thread(target=client_loop, args=(f"http://127.0.0.1:{port}", token, mix, stop, n, results))
                for n, token in enumerate(tokens)
            ]
            started = time.perf_counter()
            for client in clients:
                client.start()
            time.sleep(options.seconds)
            stop.set()
            for client in clients:
                client.join()
            elapsed = time.perf_counter() - started
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database(copy)

    total = sum(len(samples) for samples in results.values())
    print(
        f"{options.clients} clients, {options.workers} gunicorn workers, {elapsed:.0f} s, database {options.database}"
    )
    print(f"{'endpoint':32} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}  statuses")
    for label in sorted(results):
        samples = results[label]
        times = [seconds * 1000 for seconds, _ in samples]
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(Counter(s for _, s in samples).items()))
        print(
            f"{label:32} {len(samples):8} {len(samples) / elapsed:7.1f} {statistics.median(times):7.1f} "
            f"{percentile(times, 0.99):7.1f}  {statuses}"
        )
    every = [seconds * 1000 for samples in results.values() for seconds, _ in samples]
    print(f"{'all':32} {total:8} {total / elapsed:7.1f} {statistics.median(every):7.1f} {percentile(every, 0.99):7.1f}")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
