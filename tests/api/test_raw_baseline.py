"""The API lists' benchmark (benchmarks/api_lists.py) compares each big list with a raw page that serves the same
body from one SQL query: the same JSON (keys in the same order, values written the same way), on the awkward rows
of every rendering rule, so its ratio compares the same work."""

import importlib

import orjson
import pytest
from rest_framework.test import APIClient

from .test_json_rows import world  # noqa: F401  (the fixture, with its awkward rows)

pytestmark = pytest.mark.django_db


@pytest.fixture
def benchmark(monkeypatch, settings):
    """The benchmark's module, its URLs (the API's and the raw pages') serving."""
    monkeypatch.syspath_prepend(str(settings.BASE_DIR / "benchmarks"))
    settings.ROOT_URLCONF = "api_lists"
    return importlib.import_module("api_lists")


@pytest.mark.parametrize("page_size", [2, 100])
def test_each_raw_page_is_the_api_page(benchmark, world, page_size):  # noqa: F811
    compared = []
    for big_list in benchmark.LISTS:
        client = APIClient()
        client.force_authenticate(world.admin if big_list.staff else world.a.user)
        api = client.get(f"/api/v1/{big_list.path}?page_size={page_size}")
        raw = client.get(f"/raw/{big_list.path}?page_size={page_size}")
        assert api.status_code == raw.status_code == 200, big_list.path
        benchmark.assert_same_body(api.content, raw.content, big_list.path)
        compared.append(len(api.json()["results"]))
    assert len(compared) == len(benchmark.LISTS) == 8
    # Every list has more rows than a page of 2 (so its cursor link is compared too) and fewer than 100.
    assert all(rows == 2 for rows in compared) if page_size == 2 else all(2 < rows < 100 for rows in compared)


def whole_seconds(rows: list[dict]) -> dict:
    """The row whose average time per question is 75.0 (the awkward rows have one)."""
    return next(row for row in rows if row["avg_time_per_question"] == 75.0)


def reverse_keys(row: dict) -> None:
    items = list(row.items())
    row.clear()
    row.update(reversed(items))


def differs_by(body: bytes, change) -> bytes:
    document = orjson.loads(body)
    change(document["results"], whole_seconds(document["results"]))
    return orjson.dumps(document)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda rows, row: row.update(kind=row.pop("insights")), id="a key renamed"),
        pytest.param(lambda rows, row: reverse_keys(row), id="keys in another order"),
        pytest.param(lambda rows, row: rows.reverse(), id="rows in another order"),
        pytest.param(lambda rows, row: row.update(created_at=row["created_at"][:-1] + "+00:00"), id="a time zone"),
        pytest.param(lambda rows, row: row.update(avg_time_per_question=75), id="75.0 as 75"),
    ],
)
def test_a_raw_page_that_differs_is_caught(benchmark, world, change):  # noqa: F811
    client = APIClient()
    client.force_authenticate(world.admin)
    api = client.get("/api/v1/quiz-analyses?page_size=100").content
    benchmark.assert_same_body(api, orjson.dumps(orjson.loads(api)), "quiz-analyses")  # the same, written anew
    with pytest.raises(AssertionError):
        benchmark.assert_same_body(api, differs_by(api, change), "quiz-analyses")
