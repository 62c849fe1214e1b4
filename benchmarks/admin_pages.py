"""The admin's pages on big tables: time, queries, and the most rows any plan node read.

Run: .venv/bin/python benchmarks/admin_pages.py [--scale N] [--runs 3]
Without --scale it reads the database DATABASE_URL names (e.g. a copy of a `seed_demo --scale 5000` database);
with --scale N it seeds a throwaway database with `seed_demo --scale N` first.

A staff user's test client requests, for each changelist of a big table, the plain list, every choice of
every list filter, a search (a value taken from the list's first row for each searched field) and page 50,
then the admin index with its dashboard. Per page it prints the median of --runs requests in ms, the ratio
to the baseline (the languages changelist, a handful of rows, in this process), the fastest run (a busy
machine skews medians), the number of queries, and the most rows one plan node read from a big table:
each SQL query of the page is run again under EXPLAIN (ANALYZE, FORMAT JSON), and a scan node read
(rows returned + rows its filters removed) x loops. PASS means a median under 100 ms and at most 10,000 rows.
"""

import argparse
import contextlib
import statistics
import time
from urllib.parse import urlencode

from _scratch import scratch_database

MAX_MS = 100
MAX_ROWS = 10_000
DEEP_PAGE = 50
BIG_MODELS = (
    "learning.AssignmentSubmission",
    "learning.SubmissionTestResult",
    "learning.AssignmentAnalysis",
    "learning.MCQAttempt",
    "learning.MCQAnswer",
    "learning.QuizAnalysis",
    "activity.UserActivity",
    "activity.AnalyticsEvent",
    "notifications.Notification",
    "notifications.EmailLog",
)
LISTED_MODELS = tuple(
    label for label in BIG_MODELS if label not in {"learning.SubmissionTestResult", "learning.MCQAnswer"}
)


def big_relations(connection) -> set[str]:
    """The big tables, their partitions and their indexes, as EXPLAIN names them (bare names)."""
    from django.apps import apps

    from codezest.db.tables import split_schema_table

    tables = [split_schema_table(apps.get_model(label)._meta.db_table)[1] for label in BIG_MODELS]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_class c WHERE c.relname = ANY(%s)
            UNION SELECT i.relname FROM pg_class i JOIN pg_index x ON x.indexrelid = i.oid
                JOIN pg_class t ON t.oid = x.indrelid
                LEFT JOIN pg_inherits h ON h.inhrelid = t.oid LEFT JOIN pg_class p ON p.oid = h.inhparent
                WHERE t.relname = ANY(%s) OR p.relname = ANY(%s)
            UNION SELECT c.relname FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid
                JOIN pg_class p ON p.oid = h.inhparent WHERE p.relname = ANY(%s)
            """,
            [tables, tables, tables, tables],
        )
        return {name for (name,) in cursor.fetchall()}


def rows_read(plan: dict, big: set[str]) -> int:
    """The most rows one node of the plan read from a big table (returned and filtered out, over all loops)."""
    relation = plan.get("Relation Name") or plan.get("Index Name")
    read = 0
    if relation in big:
        per_loop = plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)
        per_loop += plan.get("Rows Removed by Index Recheck", 0)
        read = round(per_loop * plan.get("Actual Loops", 1))
    return max([read, *(rows_read(child, big) for child in plan.get("Plans", []))])


def explained_rows(connection, queries: list[str], big: set[str]) -> int:
    import json

    most = 0
    with connection.cursor() as cursor:
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
            (result,) = cursor.fetchone()
            plan = (json.loads(result) if isinstance(result, str) else result)[0]["Plan"]
            most = max(most, rows_read(plan, big))
    return most


class Pages:
    """Requests pages as a logged-in staff user and measures them."""

    def __init__(self, client, runs: int, big: set[str]):
        self.client, self.runs, self.big = client, runs, big
        self.failures = 0
        self.baseline_ms = None

    def get(self, url: str):
        response = self.client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        return response

    def measure(self, url: str) -> tuple[float, float, int, int]:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.get(url)  # warm up
        times = []
        for _ in range(self.runs):
            started = time.perf_counter()
            self.get(url)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            self.get(url)
        queries = [query["sql"] for query in captured.captured_queries]
        return statistics.median(times), min(times), len(queries), explained_rows(connection, queries, self.big)

    def report(self, label: str, url: str) -> None:
        ms, fastest, queries, rows = self.measure(url)
        if self.baseline_ms is None:
            self.baseline_ms = ms
        verdict = "PASS" if ms < MAX_MS and rows <= MAX_ROWS else "FAIL"
        self.failures += verdict == "FAIL"
        print(
            f"{verdict} {ms:6.1f} ms {ms / self.baseline_ms:4.1f}x (fastest {fastest:5.1f}) {queries:2d} queries"
            f" {rows:>6,} rows  {label}",
            flush=True,
        )


def changelist_pages(staff, model) -> list[tuple[str, str]]:
    """The plain list, each choice of each list filter, a search per searched field, and page 50."""
    from django.contrib import admin
    from django.test import RequestFactory
    from django.urls import reverse

    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    name = model._meta.verbose_name_plural
    request = RequestFactory().get(url)
    request.user = staff
    changelist = admin.site._registry[model].get_changelist_instance(request)
    found = [("plain", url)]
    for spec in changelist.filter_specs:
        for choice in spec.choices(changelist):
            if choice["query_string"] not in ("?", "") and not choice["selected"]:
                found.append((f"{spec.title}: {choice['display']}", url + choice["query_string"]))
    first = changelist.result_list[0] if changelist.result_list else None
    for field in admin.site._registry[model].search_fields:
        term = search_term(first, field.lstrip("=^@"))
        if term:
            found.append((f"search {field}", f"{url}?{urlencode({'q': term})}"))
    found.append((f"page {DEEP_PAGE}", f"{url}?p={DEEP_PAGE}"))
    return [(f"{name}: {label}", page_url) for label, page_url in found]


def search_term(row, path: str) -> str | None:
    """The value the first row holds at ``path`` (a related row's id for a relation)."""
    value = row
    for part in path.split("__"):
        if value is None:
            return None
        value = getattr(value, part)
    return str(getattr(value, "pk", value)) if value is not None else None


def staff_user():
    from accounts.models import User
    from accounts.services import user_create

    return User.objects.filter(role=User.Role.ADMIN).first() or user_create(
        email="bench-admin@codezest.local", password="bench-pass-2026", role=User.Role.ADMIN
    )


def run(runs: int, only: str) -> int:
    from django.apps import apps
    from django.conf import settings
    from django.db import connection
    from django.urls import reverse

    settings.DEBUG = False  # no query log slowing the pages down
    with connection.cursor() as cursor:
        for label in LISTED_MODELS:
            table = connection.ops.quote_name(apps.get_model(label)._meta.db_table)
            cursor.execute(  # a partitioned table's rows are its partitions'
                "SELECT sum(greatest(reltuples, 0))::bigint FROM pg_class WHERE relkind = 'r'"
                " AND (oid = %s::regclass OR oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = %s::regclass))",
                [table, table],
            )
            print(f"{label}: about {cursor.fetchone()[0]:,} rows")
    from django.test import Client

    staff = staff_user()
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)
    pages = Pages(client, runs, big_relations(connection))
    pages.report("baseline: languages changelist", reverse("admin:learning_programminglanguage_changelist"))
    found = [("admin index (dashboard)", reverse("admin:index"))]
    for label in LISTED_MODELS:
        found += changelist_pages(staff, apps.get_model(label))
    for page_label, url in found:
        if only in page_label:
            pages.report(page_label, url)
    print(f"{pages.failures} pages over {MAX_MS} ms or {MAX_ROWS:,} rows" if pages.failures else "every page PASSED")
    return pages.failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, help="Seed a throwaway database with seed_demo --scale N first.")
    parser.add_argument("--runs", type=int, default=3, help="Requests per page; the median is printed.")
    parser.add_argument("--only", default="", help="Only the pages whose label contains this text.")
    options = parser.parse_args()
    database = scratch_database() if options.scale else contextlib.nullcontext()
    with database:
        if options.scale:
            from django.core.management import call_command

            call_command("seed_demo", scale=options.scale)
        failures = run(options.runs, options.only)
    raise SystemExit(1 if failures else 0)


if __name__ == "__main__":
    main()
