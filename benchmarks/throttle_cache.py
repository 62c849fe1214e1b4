"""What the shared database cache costs the throttled requests, against the per-process memory cache.

Run: .venv/bin/python benchmarks/throttle_cache.py [requests] [rows]   (default 300 and 50000)
In a throwaway database, the same requests run with each cache in turn, in this process: an anonymous read
of the languages (the anonymous and per-user throttles each add one to a counter of the caller's IP) and a failed
login (three sliding-log counters read and written, and the password check of an unknown address). Then one
write and one counter hit (what each throttled request does) of this project's cache, and one write of Django's
own database cache, on the django_cache table empty and holding ``rows`` live entries (none culled during the
runs).
"""

import contextlib
import statistics
import sys
import time

from _scratch import scratch_database

MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ROUNDS = 5


def rate(function, requests: int) -> float:
    function()  # warm up
    started = time.perf_counter()
    for _ in range(requests):
        function()
    return requests / (time.perf_counter() - started)


def alternating(first, second, requests: int, rounds: int = ROUNDS) -> tuple[float, float]:
    """Median rates of two ways of doing the same, run in turns so that the machine's load falls on both."""
    firsts, seconds = [], []
    for _ in range(rounds):
        firsts.append(first(requests // rounds))
        seconds.append(second(requests // rounds))
    return statistics.median(firsts), statistics.median(seconds)


def main(requests: int, rows: int) -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.core.cache.backends.db import DatabaseCache
    from django.db import connection
    from django.test.utils import override_settings
    from rest_framework.test import APIClient

    from codezest.db.cache import PostgreSQLCache, count_hit
    from learning.models import ProgrammingLanguage

    with scratch_database():
        settings.DEBUG = False  # no query log slowing the requests down
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # time the cache, not PBKDF2
        rates = dict.fromkeys(("anon", "user", "login_ip", "login_ip_email", "login_email"), "1000000/hour")
        settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(rates)  # measured, never refused
        ProgrammingLanguage.objects.create(name="Python", slug="python", description="A language.")
        client = APIClient(HTTP_HOST="localhost")

        def read():
            response = client.get("/api/v1/languages")
            assert response.status_code == 200, response.content[:300]

        def failed_login():
            body = {"email": "nobody@example.com", "password": "not-the-password"}
            assert client.post("/api/v1/auth/token", body, format="json").status_code == 401

        def timed(function, caches: dict | None = None):
            def run(requests: int) -> float:
                with override_settings(CACHES=caches) if caches else contextlib.nullcontext():
                    return rate(function, requests)

            return run

        measured = {
            name: alternating(timed(function, MEMORY), timed(function), requests)
            for name, function in (("anonymous read", read), ("failed login", failed_login))
        }

        options = {"OPTIONS": {"MAX_ENTRIES": 2 * rows}}  # the table stays as filled
        ours, djangos = PostgreSQLCache("django_cache", options), DatabaseCache("django_cache", options)

        def timings() -> list[float]:
            return [
                rate(lambda: ours.set("probe", [time.time()], 60), requests),
                rate(lambda: count_hit(ours, "probe-hits", timeout=60), requests),
                rate(lambda: djangos.set("probe", [time.time()], 60), requests),
            ]

        cache.clear()
        empty = timings()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO django_cache SELECT 'filler' || n, 'x', now() + interval '1 hour' "
                "FROM generate_series(1, %s) n",
                [rows],
            )
            cursor.execute("VACUUM ANALYZE django_cache")
        full = timings()

    print(f"{requests} requests each, in {ROUNDS} rounds alternating the memory and the database cache (medians)")
    for name, (memory, database) in measured.items():
        print(f"{name}: {memory:.0f}/s in memory, {database:.0f}/s in the database, ratio {memory / database:.2f}")
    names = ("one cache write", "one counter hit", "one write of Django's database cache")
    for name, in_empty, in_full in zip(names, empty, full, strict=True):
        print(
            f"{name}: {1000 / in_empty:.2f} ms with an empty table, {1000 / in_full:.2f} ms with {rows} rows, "
            f"ratio {in_empty / in_full:.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 50_000)
