"""Middleware every environment runs: a request id and a log line per request, reads from the replica
for requests that only read, and a 503 while the database is down."""

import logging
import re
import time
import uuid

from django.utils.functional import SimpleLazyObject, empty

from codezest.api.errors import database_unavailable, service_unavailable
from codezest.db.router import replica_reads
from codezest.logging import request_id as current_request_id

logger = logging.getLogger("codezest.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# An incoming id is kept when it is 1 to 128 of these characters (a UUID, a proxy's or a tracer's id);
# anything else (too long, spaces, control characters, quotes) is replaced by a fresh one.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:;=+/@-]{1,128}")
REPLICA_READ_METHODS = {"GET", "HEAD"}


def request_id_from(value: str | None) -> str:
    """The caller's X-Request-ID if it is safe to log and echo, otherwise a new one."""
    value = (value or "").strip()
    if _REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def _user_id(request) -> str | None:
    """The signed-in user's id, without a query: a user nobody looked at during the request stays unknown
    (loading it now would reach the database, perhaps the one that just failed)."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return str(user.pk) if user.is_authenticated else None


class RequestLogMiddleware:
    """Outermost: every answer carries ``X-Request-ID`` (the caller's when sane, else generated), and each
    request is one record on the ``codezest.requests`` logger with its method, path, status, duration,
    user and request id (production writes it as a JSON line)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            fields = {
                "method": request.method,
                "path": request.path,  # never the query string: it may hold a token
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": _user_id(request),
                "request_id": request.request_id,
            }
            logger.info("%s %s %s %sms", request.method, request.path, response.status_code, duration_ms, extra=fields)
            return response
        finally:
            current_request_id.reset(token)


class ReplicaReadsMiddleware:
    """A GET or HEAD may read from the read replica until it writes (codezest.db.router); other methods read
    from the primary throughout, as what they write depends on what they read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in REPLICA_READ_METHODS:
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that finds the database down answers 503 with Retry-After (the API's error shape under /api/,
    a plain page elsewhere) instead of a 500. The next request connects afresh, so service resumes as soon
    as the database is back, without a restart. DRF views get the same answer from the API's exception
    handler, and failures in middleware from the 500 handler."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unavailable(exception):
            return service_unavailable(request, exception)
        return None
