"""Conditional GET for read views: ``ETag`` and ``Last-Modified`` from the rows' ``updated_at``, and
``If-None-Match`` / ``If-Modified-Since`` answered 304 with no body (Django's ``get_conditional_response``,
the comparison its ``condition`` decorator makes)."""

import functools
import hashlib
from datetime import datetime

from django.db.models import Count, Max, Model
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from drf_spectacular.openapi import AutoSchema
from rest_framework import status
from rest_framework.mixins import ListModelMixin

REQUEST_HEADERS = [
    {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "An `ETag` this endpoint gave: 304, with no body, while the content is unchanged.",
    },
    {
        "name": "If-Modified-Since",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "An HTTP date: 304, with no body, unless a row changed since (ignored with If-None-Match).",
    },
]
RESPONSE_HEADERS = {
    "ETag": {
        "required": True,
        "schema": {"type": "string"},
        "description": "Changes whenever a row of the answer changes, appears or goes.",
    },
    "Last-Modified": {
        "required": False,
        "schema": {"type": "string"},
        "description": "The latest change of a row of the answer (absent when there is none).",
    },
}


class ConditionalSchema(AutoSchema):
    """Documents the conditional headers and the 304 of a GET."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None or self.method != "GET":
            return operation
        operation.setdefault("parameters", []).extend(REQUEST_HEADERS)
        responses = operation.setdefault("responses", {})
        if "200" in responses:
            responses["200"]["headers"] = RESPONSE_HEADERS
        responses["304"] = {"description": "Not modified: the content has not changed.", "headers": RESPONSE_HEADERS}
        return operation


def _rows_of(instance: Model) -> list[Model]:
    """The object and every row loaded with it (``select_related`` and ``prefetch_related``), once each."""
    seen, found, pending = set(), [], [instance]
    while pending:
        row = pending.pop()
        key = (type(row), row.pk)
        if key in seen:
            continue
        seen.add(key)
        found.append(row)
        pending.extend(related for related in row._state.fields_cache.values() if isinstance(related, Model))
        for loaded in getattr(row, "_prefetched_objects_cache", {}).values():
            pending.extend(loaded)
    return found


class ConditionalGetMixin:
    """For list and retrieve views over timestamped rows.

    The view answers first, so that a request it would refuse (a bad filter, page or id) is refused the
    same with or without conditional headers; a 200 then gets its validators, and becomes a 304 with no
    body when they match. A list's validators come from one aggregate over its filtered queryset (the
    latest ``updated_at`` and the count, so an edit, an addition or a removal changes the ``ETag``), a
    detail's from the object and the rows loaded with it (the questions and options of a quiz). The
    ``ETag`` also holds the negotiated format and whatever the view tells its serializer beyond the request
    (such as whether a quiz's answers are shown), so it never matches a different representation.
    ``Last-Modified`` follows edits and additions only: a removal leaves no time behind, so clients should
    prefer ``If-None-Match``.
    """

    schema = ConditionalSchema()

    def get(self, request, *args, **kwargs):
        self._remember_reads()
        response = super().get(request, *args, **kwargs)
        if response.status_code != status.HTTP_200_OK:
            return response
        latest, count = self._versions()
        etag = self._etag(request, latest, count)
        response.headers["ETag"] = etag
        if latest is not None:
            response.headers["Last-Modified"] = http_date(latest.timestamp())
        # Stored, but checked again every time, never served stale from a heuristic lifetime.
        patch_cache_control(response, no_cache=True)
        patch_vary_headers(response, ["Accept", "Authorization"])
        # Django's own comparison (the one its ``condition`` decorator makes), headers kept on the 304.
        return get_conditional_response(
            request, etag=etag, last_modified=latest and int(latest.timestamp()), response=response
        )

    def _remember_reads(self) -> None:
        """The object and the serializer context are read once, for the answer and for its validators."""
        for name in ("get_object", "get_serializer_context"):
            read = getattr(self, name)
            setattr(self, name, functools.cache(read))

    def _versions(self) -> tuple[datetime | None, int]:
        if isinstance(self, ListModelMixin):
            queryset = self.filter_queryset(self.get_queryset()).order_by()
            aggregate = queryset.aggregate(latest=Max("updated_at"), count=Count("pk"))
            return aggregate["latest"], aggregate["count"]
        rows = _rows_of(self.get_object())
        stamps = [row.updated_at for row in rows if getattr(row, "updated_at", None) is not None]
        return (max(stamps) if stamps else None), len(rows)

    def _etag(self, request, latest: datetime | None, count: int) -> str:
        context = self.get_serializer_context()
        told = sorted((key, repr(value)) for key, value in context.items() if key not in ("request", "format", "view"))
        renderer = getattr(request, "accepted_renderer", None)
        parts = [latest.isoformat() if latest else "", str(count), getattr(renderer, "format", ""), repr(told)]
        return quote_etag(hashlib.sha256("|".join(parts).encode()).hexdigest()[:32])
