"""Requests per second of each big list through the API, against the raw baseline served the same way: one SQL
query reading the same page, whose rows orjson writes into the same body.

Run: .venv/bin/python benchmarks/api_lists.py [--database NAME | --students N] [--requests R] [--rounds K]
                                             [--page P] [--only PATH ...] [--memory-cache] [--explain PATH ...]

With --database, on that database (e.g. a copy of `seed_demo --scale` data: CREATE DATABASE … TEMPLATE …);
otherwise in a throwaway database seeded with `seed_demo --scale N` (default 1000 students).

For each list, pages of P rows (default 50) are fetched R times (default 100) five ways, alternating for K rounds
(default 5) in this process; medians of requests/s are printed.
- API: the list's endpoint (Django, DRF, the view, its query, its cursor).
- raw: the baseline, a request to ``RawPage``. It goes through what every API request goes through (middleware,
  authentication, permission, the throttles' counter), then answers the same body from one SQL query (same rows,
  fields and nested rows, LIMIT P + 1 as the paginator reads) whose rows orjson writes, with the same link to the
  next page. The ratio is raw / API: PASS when it is at most 2.0 and no node of the raw query reads more rows than
  the API's busiest node (so that the baseline's plan cannot make it slower than it need be).
- hand: ``HandPage``, the API's own page query as it ran, its rows of JSON put into the body by hand: what the list
  costs past its query (the ORM building it, DRF's paginator and renderer); hand ÷ API is printed.
- query: the raw page with no request around it (the query, its rows and orjson); API ÷ query shows what the
  request itself adds.
- floor: the same request stack answering a constant (``Floor``); "own" is the ratio with the floor's time taken
  off both the API's and the raw page's.
Before timing, the raw and hand-made bodies are compared with the API's (``assert_same_body``): the same JSON
(whitespace aside), keys in the same order and numbers written the same way (75.0 is not 75, 1e-05 is not 0.00001),
and a link to the next page with the same query on the same host; tests/api/test_raw_baseline.py holds them to it
on awkward rows.
Then the most rows one node read, of the API's page query (with its index or table) and of the raw query (EXPLAIN
ANALYZE). Learner lists are read as the student with the most submissions, staff lists as an admin. --explain
prints the whole plan of the API's page query of the lists named.

Requests run as production serves them: the connection kept between requests and checked before reuse
(codezest.settings.production), the throttles counting each request in the shared cache (CACHES), their rate
raised so that none is refused. --memory-cache counts in a per-process memory cache instead: the difference is
what the shared counter costs each request.
"""

import argparse
import json
import os
import statistics
import sys
import time
from base64 import b64encode
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import orjson
from _scratch import connection, connections, scratch_database
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from psycopg.adapt import Loader
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import APIView

from codezest.api.rows import ROW, DRFDateTime, PythonFloat

MAX_RATIO = 2.0


@dataclass(frozen=True)
class BigList:
    path: str  # under /api/v1/
    staff: bool  # read as an admin; otherwise as the learner, whose id the SQL takes as %(user)s
    sql: str  # the baseline: the page's rows with the API's fields, LIMIT %(limit)s
    beside: tuple[str, ...] = ()  # columns of the first row that the body carries beside the results


def fields(table: str, *names: str) -> list[tuple[str, str]]:
    """(key, SQL) of columns of ``table`` that the API writes under the same name, or ``key=column`` (an id)."""
    return [(name.partition("=")[0], f"{table}.{name.rpartition('=')[2]}") for name in names]


def columns(pairs) -> str:
    return ", ".join(f'{as_drf_writes(key, sql, nested=False)} AS "{key}"' for key, sql in pairs)


def json_object(pairs) -> str:
    arguments = ", ".join(f"'{key}', {as_drf_writes(key, sql)}" for key, sql in pairs)
    return f"json_build_object({arguments})"


FLOATS = {"avg_time_per_question"}  # the one float field of these lists; their time stamps end in "_at"


def as_drf_writes(key: str, sql: str, *, nested: bool = True) -> str:
    """A value as DRF writes it. PostgreSQL's json writes a time stamp with "+00:00" where DRF writes "Z" (as
    orjson does, for the top level's); neither it nor orjson writes every float as Python does (75.0, 1e-05)."""
    if nested and key.endswith("_at"):
        return DRFDateTime.template % {"expressions": sql}
    if key in FLOATS:
        return PythonFloat.template % {"expressions": sql}
    return sql


def nested(table: str, pairs) -> str:
    """A nested object of an outer-joined row, null when there is none."""
    return f"CASE WHEN {table}.id IS NULL THEN NULL ELSE {json_object(pairs)} END"


SUBMISSION = fields(
    "s",
    "id",
    "assignment=assignment_id",
    "language",
    "code",
    "status",
    "score",
    "feedback",
    "submitted_at",
    "graded_at",
)
ASSIGNMENT_ANALYSIS = [
    *fields("a", "id", "analysis_type", "overall_score", "code_quality", "strengths", "weaknesses", "suggestions"),
    *fields("a", "detailed_feedback", "ai_model"),
    ("reviewed", "NOT a.awaiting_review"),
    *fields("a", "created_at", "updated_at"),
]
ASSIGNMENT_ANALYSIS_STAFF = [
    *ASSIGNMENT_ANALYSIS,
    *fields("a", "submission=submission_id", "ai_prompt", "analyzed_by=analyzed_by_id", "reviewed_at"),
]
ANSWER = [
    *fields("x", "id", "question=question_id", "selected_option=selected_option_id"),
    ("is_correct", "CASE WHEN t.completed_at IS NOT NULL THEN x.is_correct END"),
    *fields("x", "answered_at"),
]
ANSWERS = f"""COALESCE((SELECT json_agg({json_object(ANSWER)} ORDER BY x.answered_at)
    FROM learning.mcq_answers x WHERE x.attempt_id = t.id), '[]'::json)"""
ATTEMPT = [*fields("t", "id", "quiz=quiz_id", "score", "started_at", "completed_at"), ("answers", ANSWERS)]
QUIZ_ANALYSIS = [
    *fields("q", "id", "analysis_type", "performance_breakdown", "strong_topics", "weak_topics", "recommendations"),
    *fields("q", "insights", "avg_time_per_question", "time_management"),
    ("reviewed", "NOT q.awaiting_review"),
    *fields("q", "created_at"),
]
QUIZ_ANALYSIS_STAFF = [
    *QUIZ_ANALYSIS,
    *fields("q", "attempt=attempt_id", "ai_model", "analyzed_by=analyzed_by_id", "reviewed_at"),
]
LEARNER = ("user", "json_build_object('id', u.id, 'name', u.name)")

LISTS = [
    BigList(
        "me/submissions",
        staff=False,
        sql=f"""SELECT {columns([*SUBMISSION, ("analysis", nested("a", ASSIGNMENT_ANALYSIS))])}
        FROM learning.assignment_submissions s LEFT JOIN learning.assignment_analyses a ON a.submission_id = s.id
        WHERE s.user_id = %(user)s ORDER BY s.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "me/attempts",
        staff=False,
        sql=f"""SELECT {columns([*ATTEMPT, ("analysis", nested("q", QUIZ_ANALYSIS))])}
        FROM learning.mcq_attempts t LEFT JOIN learning.quiz_analyses q ON q.attempt_id = t.id
        WHERE t.user_id = %(user)s ORDER BY t.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "me/notifications",
        staff=False,
        sql=f"""SELECT {columns(fields("n", "id", "type", "title", "message", "priority", "read", "read_at"))},
            {columns(fields("n", "metadata", "created_at"))},
            (SELECT count(*) FROM notifications.notifications WHERE user_id = %(user)s AND NOT read) AS unread_count
        FROM notifications.notifications n WHERE n.user_id = %(user)s ORDER BY n.id DESC LIMIT %(limit)s""",
        beside=("unread_count",),
    ),
    BigList(
        "me/activity",
        staff=False,
        sql=f"""SELECT {columns(fields("v", "id", "type", "description", "metadata", "created_at"))}
        FROM activity.user_activities v WHERE v.user_id = %(user)s ORDER BY v.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "submissions",
        staff=True,
        sql=f"""SELECT {columns([*SUBMISSION, ("analysis", nested("a", ASSIGNMENT_ANALYSIS_STAFF)), LEARNER])}
        FROM learning.assignment_submissions s JOIN auth.users u ON u.id = s.user_id
        LEFT JOIN learning.assignment_analyses a ON a.submission_id = s.id
        ORDER BY s.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "attempts",
        staff=True,
        sql=f"""SELECT {columns([*ATTEMPT, ("analysis", nested("q", QUIZ_ANALYSIS_STAFF)), LEARNER])}
        FROM learning.mcq_attempts t JOIN auth.users u ON u.id = t.user_id
        LEFT JOIN learning.quiz_analyses q ON q.attempt_id = t.id
        ORDER BY t.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "assignment-analyses",
        staff=True,
        sql=f"""SELECT {columns(ASSIGNMENT_ANALYSIS_STAFF)}
        FROM learning.assignment_analyses a ORDER BY a.id DESC LIMIT %(limit)s""",
    ),
    BigList(
        "quiz-analyses",
        staff=True,
        sql=f"""SELECT {columns(QUIZ_ANALYSIS_STAFF)}
        FROM learning.quiz_analyses q ORDER BY q.id DESC LIMIT %(limit)s""",
    ),
]
LISTS_BY_PATH = {big_list.path: big_list for big_list in LISTS}


class JSONAsWritten(Loader):
    """A json or jsonb value as PostgreSQL writes it, for orjson to copy into the body."""

    def load(self, data) -> orjson.Fragment:
        return orjson.Fragment(bytes(data))


def raw_body(big_list: BigList, *, user, page: int, url: str) -> bytes:
    """The page's body from one SQL query and orjson: the rows, the link to the next page as DRF's cursor writes it
    (the last row's key), and the columns carried beside the rows (read from the first: the page has rows)."""
    with connection.cursor() as cursor:
        for json_type in ("json", "jsonb"):  # written into the body as PostgreSQL wrote it, not parsed
            cursor.cursor.adapters.register_loader(json_type, JSONAsWritten)
        cursor.execute(big_list.sql, {"user": user, "limit": page + 1})
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    results = rows[:page]
    beside = {name: results[0][name] for name in big_list.beside}
    for row in results:
        for name in big_list.beside:
            del row[name]
    return orjson.dumps(
        {
            "next": next_link(url, results[-1]["id"], more=len(rows) > page),
            "previous": None,
            "results": results,
            **beside,
        },
        default=str,  # decimals, as DRF writes them: strings
        option=orjson.OPT_UTC_Z,
    )


def next_link(url: str, last, *, more: bool) -> str | None:
    """The link to the page after the row ``last``, as DRF's cursor pagination writes it."""
    if not more:
        return None
    position = urlencode({"p": str(last)}).encode("ascii")
    return replace_query_param(url, "cursor", b64encode(position).decode("ascii"))


class RawPage(APIView):
    """The raw limit, served: the request goes through what every API request does (middleware, authentication,
    permission, the throttles), then its body is one SQL query written by orjson."""

    @extend_schema(parameters=[OpenApiParameter("page_size", int)], responses=OpenApiTypes.OBJECT)
    def get(self, request, list_path: str):
        big_list = LISTS_BY_PATH[list_path]
        page = int(request.query_params["page_size"])
        body = raw_body(big_list, user=request.user.pk, page=page, url=request.build_absolute_uri())
        return HttpResponse(body, content_type="application/json")


API_PAGE_QUERIES: dict[str, str] = {}  # list path → the SQL of the API's page, as the API ran it for the caller


class HandPage(APIView):
    """The API's own page query (``API_PAGE_QUERIES``), its rows of JSON put into the body by hand: what the list
    costs without the ORM building the query, DRF's paginator and renderer."""

    @extend_schema(parameters=[OpenApiParameter("page_size", int)], responses=OpenApiTypes.OBJECT)
    def get(self, request, list_path: str):
        big_list = LISTS_BY_PATH[list_path]
        page = int(request.query_params["page_size"])
        with connection.cursor() as cursor:
            cursor.execute(API_PAGE_QUERIES[list_path])
            names = [column.name for column in cursor.description]
            rows = cursor.fetchall()
        key, row = names.index("id"), names.index(ROW)
        results = [orjson.Fragment(fetched[row]) for fetched in rows[:page]]
        beside = {name: rows[0][names.index(name)] for name in big_list.beside}
        more = len(rows) > page
        link = next_link(request.build_absolute_uri(), rows[page - 1][key] if more else None, more=more)
        body = {"next": link, "previous": None, "results": results, **beside}
        return HttpResponse(orjson.dumps(body), content_type="application/json")


class Floor(APIView):
    """What every list request runs through, with no list: a constant body."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return HttpResponse(b'{"results":[]}', content_type="application/json")


urlpatterns = [  # ROOT_URLCONF here: the API's URLs and the benchmark's pages
    path("raw/<path:list_path>", RawPage.as_view()),
    path("hand/<path:list_path>", HandPage.as_view()),
    path("floor", Floor.as_view()),
    path("", include("codezest.urls")),
]


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
    """Every node of a plan that reads a table, with the rows it read (returned, and filtered out or rechecked)."""
    if "Relation Name" in plan:
        loops = plan.get("Actual Loops", 1)
        removed = plan.get("Rows Removed by Filter", 0) + plan.get("Rows Removed by Index Recheck", 0)
        read = (plan.get("Actual Rows", 0) + removed) * loops
        yield round(read), plan.get("Index Name") or plan["Relation Name"]
    for child in plan.get("Plans", []):
        yield from scans(child)


def api_page_query(client, url: str) -> str:
    """The SQL of the query that reads the page the API serves at ``url``, as it ran."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return next(query["sql"] for query in captured.captured_queries if "json_build_object" in query["sql"])


def plan(sql: str, params=None, *, text: bool = False):
    """The plan of a query, run (EXPLAIN ANALYZE): the text, or the JSON of its top node."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT {'TEXT' if text else 'JSON'}) {sql}", params)
        rows = cursor.fetchall()
    return "\n".join(row[0] for row in rows) if text else rows[0][0][0]["Plan"]


def as_written(body: bytes):
    """A JSON body as a tree that keeps what parsing forgets: the keys' order (and any repeated key), and each
    number as it was written (75.0 is not 75, 1e-05 is not 0.00001). Strings compare as text."""
    return json.loads(
        body,
        object_pairs_hook=list,
        parse_int=lambda written: ("int", written),
        parse_float=lambda written: ("float", written),
        parse_constant=lambda written: ("constant", written),
    )


def assert_same_body(api: bytes, page: bytes, where: str) -> None:
    """A page serves the API's body: the same JSON, keys in the same order and numbers written the same way, and a
    link to the next page on the same host with the same query, in that order (its path is the page's own)."""
    api_tree, page_tree = (
        [(key, link_without_path(value) if key == "next" else value) for key, value in as_written(body)]
        for body in (api, page)
    )
    assert api_tree == page_tree, where


def link_without_path(link: str | None):
    if link is None:
        return None
    parts = urlsplit(link)
    return parts.scheme, parts.netloc, parse_qsl(parts.query, keep_blank_values=True)


@dataclass
class Measured:
    rows: int  # in the API's page
    api: float  # requests/s
    raw: float
    hand: float
    query: float
    floor: float
    api_read: tuple[int, str]  # the most rows one node of the API's page query read, and where
    raw_read: tuple[int, str]  # the same of the raw page's query

    @property
    def own_ratio(self) -> float:
        """The ratio with the floor taken off both: the API's time past the floor over the raw page's."""
        return (1 / self.api - 1 / self.floor) / (1 / self.raw - 1 / self.floor)


def measure(big_list: BigList, client, user, *, page: int, requests: int, rounds: int) -> Measured:
    api_url, raw_url, hand_url = (f"/{kind}/{big_list.path}?page_size={page}" for kind in ("api/v1", "raw", "hand"))
    api_body = client.get(api_url).content
    API_PAGE_QUERIES[big_list.path] = page_query = api_page_query(client, api_url)
    for url in (raw_url, hand_url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.content[:300])
        assert_same_body(api_body, response.content, f"{big_list.path} ({url})")

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, response.content[:200]

    def query():
        raw_body(big_list, user=user.pk, page=page, url=f"http://localhost{raw_url}")

    rates_of = rates(
        [lambda: get(api_url), lambda: get(raw_url), lambda: get(hand_url), query, lambda: get("/floor")],
        requests=requests,
        rounds=rounds,
    )
    raw_read = max(scans(plan(big_list.sql, {"user": user.pk, "limit": page + 1})))
    return Measured(len(orjson.loads(api_body)["results"]), *rates_of, max(scans(plan(page_query))), raw_read)


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
        override_settings(ROOT_URLCONF=__name__).enable()  # the API's URLs and the raw pages'
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
            f"{'list':<22}{'rows':>5}{'API/s':>7}{'raw/s':>7}{'ratio':>7}{'':>6}{'hand/s':>8}{'hand÷API':>10}"
            f"{'query/s':>9}{'API÷query':>11}{'floor/s':>9}{'own':>6}  most rows one node read: API's query "
            "(where), raw's"
        )
        failed = 0
        for big_list in LISTS:
            if arguments.only and big_list.path not in arguments.only:
                continue
            measured = measure(
                big_list,
                clients[big_list.staff],
                admin if big_list.staff else learner,
                page=arguments.page,
                requests=arguments.requests,
                rounds=arguments.rounds,
            )
            ratio = measured.raw / measured.api
            # A baseline that reads more rows than the API is no limit: its ratio says nothing.
            verdict = "FAIL" if ratio > MAX_RATIO or measured.raw_read[0] > measured.api_read[0] else "PASS"
            failed += verdict == "FAIL"
            print(
                f"{big_list.path:<22}{measured.rows:>5}{measured.api:>7.0f}{measured.raw:>7.0f}{ratio:>7.2f}  {verdict}"
                f"{measured.hand:>8.0f}{measured.hand / measured.api:>10.2f}{measured.query:>9.0f}"
                f"{measured.query / measured.api:>11.2f}{measured.floor:>9.0f}{measured.own_ratio:>6.2f}  "
                f"{measured.api_read[0]} ({measured.api_read[1]}), {measured.raw_read[0]}"
            )
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        for path_ in arguments.explain or []:
            big_list = LISTS_BY_PATH[path_]
            print(f"\nEXPLAIN ANALYZE of the page query of {path_}:")
            api_url = f"/api/v1/{path_}?page_size={arguments.page}"
            print(plan(api_page_query(clients[big_list.staff], api_url), text=True))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an existing database to read (default: a seeded throwaway one)")
    parser.add_argument("--students", type=int, default=1000, help="students to seed in the throwaway database")
    parser.add_argument("--requests", type=int, default=100, help="requests per round, each way")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--page", type=int, default=50)
    parser.add_argument("--only", nargs="*", help="these lists only, e.g. me/submissions submissions")
    parser.add_argument("--memory-cache", action="store_true", help="throttle counters in a per-process memory cache")
    parser.add_argument("--explain", nargs="*", help="print the page query's plan of these lists, e.g. me/submissions")
    main(parser.parse_args())
