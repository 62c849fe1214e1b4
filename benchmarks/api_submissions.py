"""Requests per second of the submissions list: through the API, against one raw SQL query + orjson.

Run: .venv/bin/python benchmarks/api_submissions.py [students] [requests]   (default 1000 and 300)
On `seed_demo --scale` data in a throwaway database, an admin fetches pages of 50 submissions with
their analyses: through Django, DRF and the serializers (the API), and as the baseline one SQL query
whose rows orjson serializes, with no HTTP layer. Both run in this process, one after the other.
"""

import sys
import time

from _scratch import scratch_database

PAGE = 50
BASELINE_SQL = """
    SELECT s.id, s.assignment_id, s.language, s.code, s.status, s.score, s.feedback, s.submitted_at,
           s.graded_at, u.id AS user_id, u.name AS user_name, a.id AS analysis_id, a.analysis_type,
           a.overall_score, a.code_quality, a.strengths, a.weaknesses, a.suggestions, a.detailed_feedback
    FROM learning.assignment_submissions s
    JOIN auth.users u ON u.id = s.user_id
    LEFT JOIN learning.assignment_analyses a ON a.submission_id = s.id
    ORDER BY s.id DESC
    LIMIT %s
"""


def rate(function, requests: int) -> float:
    function()  # warm up
    started = time.perf_counter()
    for _ in range(requests):
        function()
    return requests / (time.perf_counter() - started)


def main(students: int, requests: int) -> None:
    import orjson
    from django.conf import settings
    from django.db import connection
    from rest_framework.test import APIClient

    from accounts.models import User
    from accounts.services import user_create
    from learning.demo import seed_scale

    with scratch_database():
        seed_scale(students, events_per_student=0)
        admin = user_create(email="bench@codezest.local", password="bench-pass-2026", role=User.Role.ADMIN)
        settings.DEBUG = False  # no query log slowing the API down
        client = APIClient(HTTP_HOST="localhost")
        client.force_authenticate(admin)

        def through_api():
            response = client.get(f"/api/v1/submissions?page_size={PAGE}")
            assert response.status_code == 200, response.content[:200]
            assert len(response.json()["results"]) == PAGE

        def baseline():
            with connection.cursor() as cursor:
                cursor.execute(BASELINE_SQL, [PAGE])
                columns = [column.name for column in cursor.description]
                rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
            assert len(orjson.dumps({"results": rows}, default=str)) > 0

        api_rate = rate(through_api, requests)
        baseline_rate = rate(baseline, requests)
    print(f"{students} students' data, pages of {PAGE} submissions with analyses, {requests} requests each")
    print(f"API (Django + DRF): {api_rate:.0f} requests/s")
    print(f"baseline (one SQL query + orjson): {baseline_rate:.0f} requests/s")
    print(f"ratio baseline / API: {baseline_rate / api_rate:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(sys.argv[2]) if len(sys.argv) > 2 else 300)
