"""How long `seed_demo --scale N` takes, and what it makes, in a throwaway database on the embedded (or
DATABASE_URL) server.

Run: .venv/bin/python benchmarks/seed_demo_scale.py [N]   (default 1000)
Prints the seconds for the demo set, for a baseline of N/10 students and for N students (each in a
database of its own, on two connections as the command writes them), their ratio (near 10: the cost
grows linearly with the number of students), then the rows of each big table after N students with the
correlation of their physical order with their time (1.0: they lie in time order, which BRIN indexes
and partitions rely on) and the rows written per second.
"""

import sys
import time

from _scratch import scratch_database

BIG_TABLES = {  # model label -> its time column
    "learning.AssignmentSubmission": "submitted_at",
    "learning.SubmissionTestResult": None,
    "learning.AssignmentAnalysis": "created_at",
    "learning.MCQAttempt": "started_at",
    "learning.MCQAnswer": "answered_at",
    "learning.QuizAnalysis": "created_at",
    "activity.UserActivity": "created_at",
    "notifications.Notification": "created_at",
    "notifications.EmailLog": "created_at",
    "activity.AnalyticsEvent": "created_at",
}


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def tables() -> list[tuple[str, int, float | None]]:
    """Each big table's rows, and the correlation of its physical order with its time column."""
    from django.apps import apps
    from django.db import connection

    from codezest.db.tables import split_schema_table

    found = []
    with connection.cursor() as cursor:
        for label, column in BIG_TABLES.items():
            table = apps.get_model(label)._meta.db_table
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
            rows = cursor.fetchone()[0]
            # A partitioned table's statistics are its partitions'; the least ordered one is reported.
            schema, name = split_schema_table(table)
            cursor.execute(
                "SELECT min(correlation) FROM pg_stats WHERE schemaname = %s AND attname = %s AND NOT inherited"
                " AND (tablename = %s OR tablename LIKE %s)",
                [schema, column, name, f"{name}\\_%"],
            )
            found.append((label, rows, cursor.fetchone()[0] if column else None))
    return found


def main(students: int) -> None:
    from django.db import connection

    from learning.demo import seed_demo, seed_scale

    with scratch_database():
        demo = timed(seed_demo)
        baseline = timed(seed_scale, students // 10, parallel=True)
    connection.close_pool()  # its connections were to the database just dropped
    with scratch_database():  # another: the tables then hold one run's rows, as `seed_demo --scale N` leaves them
        seed_demo()
        full = timed(seed_scale, students, parallel=True)
        made = tables()
    print(f"demo set: {demo:.2f} s")
    print(f"--scale {students // 10}: {baseline:.2f} s")
    print(f"--scale {students}: {full:.2f} s ({full / students * 1000:.2f} ms per student)")
    print(f"ratio {students} / {students // 10} students: {full / baseline:.1f} (10 = linear)")
    print(f"{'table':32} {'rows':>12} {'order/time':>10}")
    for label, rows, correlation in made:
        print(f"{label:32} {rows:12,} {'' if correlation is None else f'{correlation:10.3f}'}")
    total = sum(rows for _, rows, _ in made)
    print(f"{'all of these':32} {total:12,}   {total / full:,.0f} rows/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
