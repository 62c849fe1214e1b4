"""Requests per second of each big list: through the API, against one raw SQL query + orjson for the same page.

Run: .venv/bin/python benchmarks/api_lists.py [--database NAME | --students N] [--requests R] [--rounds K]
                                             [--page P] [--only PATH ...] [--memory-cache] [--explain PATH ...]

With --database, on that database (e.g. a copy of `seed_demo --scale` data: CREATE DATABASE … TEMPLATE …);
otherwise in a throwaway database seeded with `seed_demo --scale N` (default 1000 students).

For each list, pages of P rows (default 50) are fetched R times (default 100) through Django, DRF and the
view (the API), then R times as the baseline: one SQL query reading the same page (same rows, columns and
nested rows, LIMIT P + 1 as the paginator reads) whose rows orjson serializes, with no HTTP layer; then R
pages of one row through the API, the request's cost without the list's. They alternate for K rounds
(default 5) in this process; medians are printed, with the ratio baseline / API and PASS when it is at most
2.0, and the most rows one node of the API's page query read (EXPLAIN ANALYZE), with its index or table.
The floor is the same stack answering a constant (``Floor``: middleware, authentication, permission, the
throttles' counter, DRF's response), measured in the same rounds. A request to a list costs at least the floor
plus its page, taken as the raw page's time, so its ratio is at least 1 + raw / floor ("least"): a list whose
raw page is faster than the floor cannot reach 2.0 however its page is read.
Learner lists are read as the student with the most submissions, staff lists as an admin. --explain prints
the whole plan of the lists named.

Requests run as production serves them: the connection kept between requests and checked before reuse
(codezest.settings.production), the throttles counting each request in the shared cache (CACHES), their rate
raised so that none is refused. --memory-cache counts in a per-process memory cache instead: the difference is
what the shared counter costs each request.
"""

import argparse
import os
import statistics
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass

from _scratch import connection, connections, scratch_database
from django.urls import include, path
from rest_framework.response import Response
from rest_framework.views import APIView

MAX_RATIO = 2.0


@dataclass(frozen=True)
class BigList:
    path: str  # under /api/v1/
    staff: bool  # read as an admin; otherwise as the learner, whose id the SQL takes as %(user)s
    sql: str  # the baseline: the page's rows, LIMIT %(limit)s


SUBMISSION = """s.id, s.assignment_id, s.language, s.code, s.status, s.score, s.feedback, s.submitted_at, s.graded_at"""
ASSIGNMENT_ANALYSIS = """a.id AS analysis_id, a.analysis_type, a.overall_score, a.code_quality, a.strengths,
    a.weaknesses, a.suggestions, a.detailed_feedback, a.ai_model, NOT a.awaiting_review AS reviewed,
    a.created_at AS analysis_created_at, a.updated_at AS analysis_updated_at"""
ATTEMPT = """t.id, t.quiz_id, t.score, t.started_at, t.completed_at,
    (SELECT json_agg(json_build_object('id', x.id, 'question', x.question_id, 'selected_option',
        x.selected_option_id, 'is_correct', CASE WHEN t.completed_at IS NOT NULL THEN x.is_correct END,
        'answered_at', x.answered_at) ORDER BY x.answered_at)
     FROM learning.mcq_answers x WHERE x.attempt_id = t.id) AS answers"""
QUIZ_ANALYSIS = """q.id AS analysis_id, q.analysis_type, q.performance_breakdown, q.strong_topics, q.weak_topics,
    q.recommendations, q.insights, q.avg_time_per_question, q.time_management, NOT q.awaiting_review AS reviewed,
    q.created_at AS analysis_created_at"""
LEARNER = "u.id AS user_id, u.name AS user_name"

LISTS = [
    BigList(
        "me/submissions",
        staff=False,
        sql=f"""SELECT {SUBMISSION}, {ASSIGNMENT_ANALYSIS}
        FROM learning.assignment_submissions s LEFT JOIN learning.assignment_analyses a ON a.submission_id = s.id
        WHERE s.user_id = %(user)s ORDER BY s.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "me/attempts",
        staff=False,
        sql=f"""SELECT {ATTEMPT}, {QUIZ_ANALYSIS}
        FROM learning.mcq_attempts t LEFT JOIN learning.quiz_analyses q ON q.attempt_id = t.id
        WHERE t.user_id = %(user)s ORDER BY t.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "me/notifications",
        staff=False,
        sql="""SELECT n.id, n.type, n.title, n.message, n.priority, n.read, n.read_at, n.metadata, n.created_at,
            (SELECT count(*) FROM notifications.notifications WHERE user_id = %(user)s AND NOT read) AS unread
        FROM notifications.notifications n WHERE n.user_id = %(user)s ORDER BY n.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "me/activity",
        staff=False,
        sql="""SELECT v.id, v.type, v.description, v.metadata, v.created_at
        FROM activity.user_activities v WHERE v.user_id = %(user)s ORDER BY v.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "submissions",
        staff=True,
        sql=f"""SELECT {SUBMISSION}, {ASSIGNMENT_ANALYSIS}, a.submission_id, a.ai_prompt, a.analyzed_by_id,
            a.reviewed_at, {LEARNER}
        FROM learning.assignment_submissions s JOIN auth.users u ON u.id = s.user_id
        LEFT JOIN learning.assignment_analyses a ON a.submission_id = s.id
        ORDER BY s.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "attempts",
        staff=True,
        sql=f"""SELECT {ATTEMPT}, {QUIZ_ANALYSIS}, q.attempt_id, q.ai_model, q.analyzed_by_id, q.reviewed_at,
            {LEARNER}
        FROM learning.mcq_attempts t JOIN auth.users u ON u.id = t.user_id
        LEFT JOIN learning.quiz_analyses q ON q.attempt_id = t.id
        ORDER BY t.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "assignment-analyses",
        staff=True,
        sql=f"""SELECT {ASSIGNMENT_ANALYSIS}, a.submission_id, a.ai_prompt, a.analyzed_by_id, a.reviewed_at
        FROM learning.assignment_analyses a ORDER BY a.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "quiz-analyses",
        staff=True,
        sql=f"""SELECT {QUIZ_ANALYSIS}, q.attempt_id, q.ai_model, q.analyzed_by_id, q.reviewed_at
        FROM learning.quiz_analyses q ORDER BY q.id DESC LIMIT %(limit)s""",
    ),
]


class Floor(APIView):
    """What every list request runs through, with no list: a constant body."""

    def get(self, request):
        return Response({"results": []})


FLOOR_URL = "/floor"
urlpatterns = [path(FLOOR_URL[1:], Floor.as_view()), path("", include("codezest.urls"))]  # ROOT_URLCONF here


@contextmanager
def existing_database(name: str):
    connections["default"].close()
    connections["default"].settings_dict["NAME"] = name
    try:
        yield name
    finally:
        connections["default"].close()


def rates(functions, *, requests: int, rounds: int) -> list[float]:
    """Median requests per second of each function, over rounds that alternate between them."""
    measured = [[] for _ in functions]
    for function in functions:
        function()  # warm up
    for _ in range(rounds):
        for function, rates_of_function in zip(functions, measured, strict=True):
            started = time.perf_counter()
            for _ in range(requests):
                function()
            rates_of_function.append(requests / (time.perf_counter() - started))
    return [statistics.median(rates_of_function) for rates_of_function in measured]


def callers():
    """The admin and the learner with the most submissions."""
    from django.db.models import Count

    from accounts.models import User
    from accounts.services import user_create

    admin = User.objects.filter(role=User.Role.ADMIN, is_active=True).first() or user_create(
        email="bench@codezest.local", password="bench-pass-2026", role=User.Role.ADMIN
    )
    learner = (
        User.objects.filter(role=User.Role.STUDENT)
        .annotate(submissions=Count("assignment_submissions"))
        .order_by("-submissions")
        .first()
    )
    return admin, learner


def scans(plan: dict):
    """Every node of a plan that reads a table, with the rows it read (returned and filtered out)."""
    if "Relation Name" in plan:
        loops = plan.get("Actual Loops", 1)
        read = (plan.get("Actual Rows", 0) + plan.get("Rows Removed by Filter", 0)) * loops
        yield round(read), plan.get("Index Name") or plan["Relation Name"]
    for child in plan.get("Plans", []):
        yield from scans(child)


def page_query_plan(client, url: str, *, text: bool = False):
    """The plan (EXPLAIN ANALYZE) of the query that reads the page the API serves at ``url``."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    page_query = next(query["sql"] for query in captured.captured_queries if "json_build_object" in query["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT {'TEXT' if text else 'JSON'}) {page_query}")
        rows = cursor.fetchall()
    return "\n".join(row[0] for row in rows) if text else rows[0][0][0]["Plan"]


def measure(big_list: BigList, client, user, *, page: int, requests: int, rounds: int):
    """(rows in the page, API req/s, baseline req/s, API req/s for pages of one row, floor req/s, (most rows a
    node of the page query read, where))."""
    import orjson

    url = f"/api/v1/{big_list.path}?page_size={page}"
    params = {"user": user.pk, "limit": page + 1}
    rows = len(client.get(url).json()["results"])

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.content[:200]

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(big_list.sql, params)
            columns = [column.name for column in cursor.description]
            fetched = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        assert len(orjson.dumps({"results": fetched[:page]}, default=str)) > 0
        assert len(fetched[:page]) == rows, (big_list.path, len(fetched), rows)

    functions = [lambda: get(url), raw, lambda: get(f"/api/v1/{big_list.path}?page_size=1"), lambda: get(FLOOR_URL)]
    measured = rates(functions, requests=requests, rounds=rounds)
    return rows, *measured, max(scans(page_query_plan(client, url)))


def main(arguments) -> None:
    from django.conf import settings
    from django.test.utils import override_settings
    from rest_framework.test import APIClient

    from learning.demo import seed_scale

    database = existing_database(arguments.database) if arguments.database else scratch_database()
    with database as name:
        if not arguments.database:
            seed_scale(arguments.students, events_per_student=0)
        settings.DEBUG = False  # no query log slowing the API down
        connections["default"].settings_dict.update(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=True)  # as production
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"] = "1000000/minute"
        override_settings(ROOT_URLCONF=__name__).enable()  # the API's URLs and the floor's
        if arguments.memory_cache:
            override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}).enable()
        admin, learner = callers()
        clients = {}
        for staff, user in ((True, admin), (False, learner)):
            clients[staff] = APIClient(HTTP_HOST="localhost")
            clients[staff].force_authenticate(user)
        print(
            f"database {name}: pages of {arguments.page}, {arguments.requests} requests per round, medians of "
            f"{arguments.rounds} rounds; the learner has {learner.submissions} submissions; throttle counters in "
            f"{settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1]}; {os.cpu_count()} cores, load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        print(
            f"{'list':<22}{'rows':>5}{'API req/s':>11}{'raw req/s':>11}{'ratio':>7}{'API, 1 row':>12}{'floor':>7}"
            f"{'least':>7}{'':>6}  most rows one node of the page query read"
        )
        failed = 0
        for big_list in LISTS:
            if arguments.only and big_list.path not in arguments.only:
                continue
            rows, api_rate, raw_rate, one_row_rate, floor_rate, (read, where) = measure(
                big_list,
                clients[big_list.staff],
                admin if big_list.staff else learner,
                page=arguments.page,
                requests=arguments.requests,
                rounds=arguments.rounds,
            )
            ratio = raw_rate / api_rate
            verdict = "PASS" if ratio <= MAX_RATIO else "FAIL"
            failed += verdict == "FAIL"
            print(
                f"{big_list.path:<22}{rows:>5}{api_rate:>11.0f}{raw_rate:>11.0f}{ratio:>7.2f}{one_row_rate:>12.0f}"
                f"{floor_rate:>7.0f}{1 + raw_rate / floor_rate:>7.2f}  {verdict}  {read} ({where})"
            )
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        for path in arguments.explain or []:
            big_list = next(big_list for big_list in LISTS if big_list.path == path)
            print(f"\nEXPLAIN ANALYZE of the page query of {path}:")
            print(page_query_plan(clients[big_list.staff], f"/api/v1/{path}?page_size={arguments.page}", text=True))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an existing database to read (default: a seeded throwaway one)")
    parser.add_argument("--students", type=int, default=1000, help="students to seed in the throwaway database")
    parser.add_argument("--requests", type=int, default=100, help="requests per round, each way")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--page", type=int, default=50)
    parser.add_argument("--only", nargs="*", help="these lists only, e.g. me/submissions submissions")
    parser.add_argument("--memory-cache", action="store_true", help="throttle counters in a per-process cache")
    parser.add_argument("--explain", nargs="*", help="print the page query's plan of these lists, e.g. me/submissions")
    main(parser.parse_args())
