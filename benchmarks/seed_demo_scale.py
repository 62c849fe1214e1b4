"""How long `seed_demo --scale N` takes, in a throwaway database on the embedded (or DATABASE_URL) server.

Run: .venv/bin/python benchmarks/seed_demo_scale.py [N]   (default 1000)
Prints the seconds for the demo set, for a baseline of N/10 students and for N students, and their ratio:
near 10 means the cost grows linearly with the number of students.
"""

import sys
import time

from _scratch import scratch_database


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def main(students: int) -> None:
    from learning.demo import seed_demo, seed_scale

    with scratch_database():
        demo = timed(seed_demo)
        baseline = timed(seed_scale, students // 10)
        # The baseline's students exist: the measured run adds `students` new ones under other emails.
        full = timed(seed_scale, students, email_pattern="scaled{:06d}@demo.codezest.local")
    print(f"demo set: {demo:.2f} s")
    print(f"--scale {students // 10}: {baseline:.2f} s")
    print(f"--scale {students}: {full:.2f} s ({full / students * 1000:.2f} ms per student)")
    print(f"ratio {students} / {students // 10} students: {full / baseline:.1f} (10 = linear)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
