"""How long `seed_demo --scale N` takes, in a throwaway database on the embedded (or DATABASE_URL) server.

Run: .venv/bin/python benchmarks/seed_demo_scale.py [N]   (default 1000)
Prints the seconds for the demo set, for a baseline of N/10 students and for N students, and their ratio:
near 10 means the cost grows linearly with the number of students.
"""

import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "codezest.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402


def timed(function, *args) -> float:
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def main(students: int) -> None:
    from learning.demo import seed_demo, seed_scale

    name = f"bench_{uuid.uuid4().hex[:8]}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connections.settings["default"]["NAME"] = name
    connections["default"].close()
    connections["default"].settings_dict["NAME"] = name
    try:
        call_command("migrate", verbosity=0)
        demo = timed(seed_demo)
        baseline = timed(seed_scale, students // 10)
        # The baseline's students exist: the measured run adds `students` new ones under other emails.
        started = time.perf_counter()
        seed_scale(students, email_pattern="scaled{:06d}@demo.codezest.local")
        full = time.perf_counter() - started
        print(f"demo set: {demo:.2f} s")
        print(f"--scale {students // 10}: {baseline:.2f} s")
        print(f"--scale {students}: {full:.2f} s ({full / students * 1000:.2f} ms per student)")
        print(f"ratio {students} / {students // 10} students: {full / baseline:.1f} (10 = linear)")
    finally:
        connections["default"].close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
