"""The API lists' benchmark (benchmarks/api_lists.py) compares each big list with a raw page that serves the same
body from one SQL query, and with the API's own query put into a body by hand: the same JSON (keys in the same
order, numbers written the same way), on rows chosen to trip every rendering rule, so its ratios compare the
same work."""

import importlib
import json

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.learning.factories import MCQAttemptFactory, QuizAnalysisFactory

from .test_json_rows import ON_THE_SECOND, world  # noqa: F401  (the fixture, with its awkward rows)

pytestmark = pytest.mark.django_db

AWKWARD_FLOATS = (1e-05,)  # orjson writes 0.00001, where DRF (Python's repr) writes 1e-05


@pytest.fixture
def benchmark(monkeypatch, settings):
    """The benchmark's module, its URLs (the API's and its own pages') serving."""
    monkeypatch.syspath_prepend(str(settings.BASE_DIR / "benchmarks"))
    settings.ROOT_URLCONF = "api_lists"
    return importlib.import_module("api_lists")


@pytest.fixture
def awkward_world(world):  # noqa: F811
    for seconds in AWKWARD_FLOATS:
        attempt = MCQAttemptFactory(user=world.a.user, quiz=world.quiz, completed_at=ON_THE_SECOND)
        QuizAnalysisFactory(attempt=attempt, avg_time_per_question=seconds)
    return world


def page_queries(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries if "django_cache" not in query["sql"]]


@pytest.mark.parametrize("page_size", [2, 100])
def test_each_raw_and_hand_made_page_is_the_api_page(benchmark, awkward_world, page_size):
    compared = []
    for big_list in benchmark.LISTS:
        client = APIClient()
        client.force_authenticate(awkward_world.admin if big_list.staff else awkward_world.a.user)
        api_url = f"/api/v1/{big_list.path}?page_size={page_size}"
        api = client.get(api_url)
        benchmark.API_PAGE_QUERIES[big_list.path] = benchmark.api_page_query(client, api_url)
        for kind in ("raw", "hand"):
            with CaptureQueriesContext(connection) as captured:
                page = client.get(f"/{kind}/{big_list.path}?page_size={page_size}")
            assert api.status_code == page.status_code == 200, (kind, big_list.path)
            assert len(page_queries(captured)) == 1, (kind, big_list.path)  # one query, besides the throttle's
            benchmark.assert_same_body(api.content, page.content, f"{kind} {big_list.path}")
        compared.append(len(api.json()["results"]))
    assert len(compared) == len(benchmark.LISTS) == 8
    # Every list has more rows than a page of 2 (so its link to the next page is compared too) and fewer than 100.
    assert all(rows == 2 for rows in compared) if page_size == 2 else all(2 < rows < 100 for rows in compared)


def whole_seconds(rows: list[dict]) -> dict:
    """The row whose average time per question is 75.0 (the awkward rows have one)."""
    return next(row for row in rows if row["avg_time_per_question"] == 75.0)


def reverse_keys(row: dict) -> None:
    items = list(row.items())
    row.clear()
    row.update(reversed(items))


def written_anew(body: bytes, change=lambda document: None) -> bytes:
    """The body parsed and written again by Python's json, which writes floats as DRF does, once changed."""
    document = json.loads(body)
    change(document)
    return json.dumps(document, separators=(",", ":")).encode()  # other spacing, non-ASCII escaped


def in_the_row(change):
    """A change to the row whose time per question is 75.0."""
    return lambda body: change(whole_seconds(body["results"]))


@pytest.mark.parametrize(
    ("page_size", "change"),
    [
        pytest.param(100, in_the_row(lambda row: row.update(kind=row.pop("insights"))), id="a key renamed"),
        pytest.param(100, in_the_row(reverse_keys), id="keys in another order"),
        pytest.param(100, lambda body: body["results"].reverse(), id="rows in another order"),
        pytest.param(
            100, in_the_row(lambda row: row.update(created_at=row["created_at"][:-1] + "+00:00")), id="+00:00"
        ),
        pytest.param(100, in_the_row(lambda row: row.update(avg_time_per_question=75)), id="75.0 as 75"),
        pytest.param(2, lambda body: body.update(next="/api/v1/quiz-analyses?cursor=x"), id="a relative link"),
        pytest.param(2, lambda body: body.update(next=body["next"] + "&extra="), id="a link's query"),
        pytest.param(2, lambda body: body.update(next=body.pop("next")), id="the link moved last"),
    ],
)
def test_a_page_that_differs_is_caught(benchmark, awkward_world, page_size, change):
    client = APIClient()
    client.force_authenticate(awkward_world.admin)
    api = client.get(f"/api/v1/quiz-analyses?page_size={page_size}").content
    benchmark.assert_same_body(api, written_anew(api), "quiz-analyses")
    with pytest.raises(AssertionError):
        benchmark.assert_same_body(api, written_anew(api, change), "quiz-analyses")


def test_floats_as_orjson_writes_them_are_caught(benchmark, awkward_world):
    client = APIClient()
    client.force_authenticate(awkward_world.admin)
    api = client.get("/api/v1/quiz-analyses?page_size=100").content
    assert b"1e-05" in api
    with pytest.raises(AssertionError):  # 0.00001
        benchmark.assert_same_body(api, orjson.dumps(orjson.loads(api)), "quiz-analyses")
