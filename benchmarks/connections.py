"""What a request pays for its database connection: new each time, kept (production's default), or pooled.

Run: .venv/bin/python benchmarks/connections.py [requests]   (default 500 per kind)
Each "request" is what Django does around a view: request_started, one small query, request_finished (where
Django closes the connection, keeps it, or hands it back to the pool). The kinds alternate in rounds on the
configured database (the embedded server unless DATABASE_URL is set); medians of wall time, ratios to the
kept connection.
"""

import statistics
import sys
import time

import _scratch  # noqa: F401  (Django set up)
from django.core.signals import request_finished, request_started
from django.db import connections

from codezest.db.config import database_config

ROUNDS = 5
KINDS = {
    "new connection": {},
    "kept (DJANGO_CONN_MAX_AGE=600)": {"conn_max_age": 600},
    "pooled (DATABASE_POOL=true)": {"pool": True},
}


def connect_as(options: dict) -> None:
    """The default alias with these connection settings, on the same server and database."""
    current = connections["default"]
    current.close()
    current.close_pool()
    configured = database_config("postgres://unused@/unused", allow_embedded=False, **options)
    options = {key: value for key, value in current.settings_dict["OPTIONS"].items() if key != "pool"}
    settings_dict = {
        **current.settings_dict,
        "OPTIONS": {**options, **configured["OPTIONS"]},
        "CONN_MAX_AGE": configured["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": configured["CONN_HEALTH_CHECKS"],
    }
    del connections["default"]
    connections.settings["default"] = settings_dict


def requests(count: int) -> list[float]:
    times = []
    for _ in range(count):
        started = time.perf_counter()
        request_started.send(sender=None)
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        request_finished.send(sender=None)
        times.append(time.perf_counter() - started)
    return times


def main(count: int) -> None:
    timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for _ in range(ROUNDS):
        for kind, options in KINDS.items():
            connect_as(options)
            requests(5)  # a first connection, a pool opened
            timings[kind] += requests(count // ROUNDS)
    connect_as({})
    baseline = statistics.median(timings["kept (DJANGO_CONN_MAX_AGE=600)"])
    for kind, times in timings.items():
        median = statistics.median(times)
        print(f"{kind:32} {median * 1000:7.3f} ms per request   ratio to kept {median / baseline:5.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
