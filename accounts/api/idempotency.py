"""``Idempotency-Key`` on POSTs that create: a retry gets the first response instead of a second row.

Apply ``@idempotent`` to the handler of a DRF view (an ``APIView`` method, or a generic view's ``post``
redefined to call ``super()``)::

    from accounts.api.idempotency import idempotent

    class EnrollmentCreate(APIView):
        @extend_schema(request=..., responses={201: ...})
        @idempotent
        def post(self, request):
            ...

Without the header the view runs as before. With it, once authentication, permissions and throttles
have passed:

- the key is claimed for the caller (anonymous callers share one space: the key alone) with an
  HMAC-SHA256 of the method, full path and body (the parsed body as canonical JSON, keyed by the
  SECRET_KEY: a body holding a password is not kept in a form that can be guessed offline). The claim
  is an INSERT committed before the view runs; the unique (user, key) lets exactly one request win;
- the winner runs the view in a transaction that also stores its response, so the rows made and the
  response to replay commit together. A 2xx response is kept for IDEMPOTENCY_TTL (24 h); any other
  answer, or an exception, gives the key back, so the same request can be sent again;
- the same key and body again answer the stored status and body, with ``Idempotent-Replayed: true``;
- the same key with another method, path or body is a 409 ``idempotency_key_reused``;
- a duplicate arriving while the first is still running waits for it (polling, up to
  IDEMPOTENCY_WAIT_SECONDS) and then answers its response; if the first is still running after that,
  a 409 ``idempotency_in_progress`` with ``Retry-After``.

Never apply it to a view whose response holds a secret (``auth/token`` answers a bearer token): the
response is stored as is. The operation's schema gains the header parameter here; the 409 and the
replay header are added by ``document_idempotency`` (a drf-spectacular postprocessing hook).
"""

import functools
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import QueryDict
from django.utils.crypto import salted_hmac
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from accounts.models import IDEMPOTENCY_KEY_MESSAGE, IDEMPOTENCY_KEY_PATTERN
from accounts.services import (
    IdempotencyConflict,
    idempotency_record_claim,
    idempotency_record_complete,
    idempotency_record_release,
)

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
FIRST_POLL_SECONDS = 0.05
LONGEST_POLL_SECONDS = 0.5
HASH_SALT = "accounts.api.idempotency"

CONFLICTS = {
    "mismatch": (
        "idempotency_key_reused",
        "This Idempotency-Key was sent with another request; use a new key for a new request.",
    ),
    "in_progress": (
        "idempotency_in_progress",
        "A request with this Idempotency-Key is still in progress; send it again in a moment.",
    ),
}

PARAMETER = OpenApiParameter(
    name=HEADER,
    location=OpenApiParameter.HEADER,
    required=False,
    type={"type": "string", "minLength": 1, "maxLength": 255, "pattern": IDEMPOTENCY_KEY_PATTERN},
    description=(
        "A key of your choosing (a UUID), the same for every retry of one request. The same key and body within "
        "24 hours answer the first response again (with `Idempotent-Replayed: true`) instead of running twice; "
        "the same key with another body is a 409. " + IDEMPOTENCY_KEY_MESSAGE
    ),
)


class IdempotencyKeyConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_conflict"


def _conflict(reason: str) -> IdempotencyKeyConflict:
    code, message = CONFLICTS[reason]
    conflict = IdempotencyKeyConflict(message, code=code)
    if reason == "in_progress":
        conflict.wait = 1  # DRF's exception handler turns it into Retry-After
    return conflict


def _plain(value):
    """The parsed body as plain JSON-able data; an uploaded file by its name, size and digest."""
    if isinstance(value, QueryDict):
        return {key: [_plain(item) for item in value.getlist(key)] for key in value}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "size": value.size, "sha256": digest.hexdigest()}
    return value


def request_fingerprint(request) -> str:
    """HMAC-SHA256 (hex) of the method, full path and canonical body: equal for equal requests."""
    body = json.dumps(_plain(request.data), sort_keys=True, separators=(",", ":"), cls=JSONEncoder)
    message = "\n".join((request.method, request.get_full_path(), body))
    return salted_hmac(HASH_SALT, message, algorithm="sha256").hexdigest()


def _claim(request, *, key: str, fingerprint: str):
    user = request.user if request.user.is_authenticated else None
    try:
        return idempotency_record_claim(
            user=user, key=key, request_hash=fingerprint, method=request.method, path=request.get_full_path()
        )
    except DjangoValidationError as invalid:
        if hasattr(invalid, "error_dict") and "key" in invalid.error_dict:
            raise exceptions.ValidationError({HEADER: invalid.message_dict["key"]}) from invalid
        raise


def _replay(record) -> Response:
    headers = {**record.response_headers, REPLAYED_HEADER: "true"}
    body = json.loads(record.response_body) if record.response_body else None
    return Response(body, status=record.response_status, headers=headers)


def _run(handler, record, view, request, *args, **kwargs):
    """Run the view once; its rows and the response to replay commit together."""
    try:
        with transaction.atomic():
            response = handler(view, request, *args, **kwargs)
            if status.is_success(response.status_code) and hasattr(response, "data"):
                body = "" if response.data is None else json.dumps(response.data, cls=JSONEncoder)
                headers = {"Location": response["Location"]} if response.has_header("Location") else {}
                idempotency_record_complete(record=record, status=response.status_code, body=body, headers=headers)
                return response
    except BaseException:
        idempotency_record_release(record=record)
        raise
    idempotency_record_release(record=record)  # not a success: the same request may be sent again
    return response


def idempotent(handler):
    """Decorate a view's ``post`` (or any handler) to honour ``Idempotency-Key``; see the module's docstring."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return handler(view, request, *args, **kwargs)
        fingerprint = request_fingerprint(request)
        deadline = time.monotonic() + settings.IDEMPOTENCY_WAIT_SECONDS
        pause = FIRST_POLL_SECONDS
        try:
            while True:
                record, claimed = _claim(request, key=key, fingerprint=fingerprint)
                if claimed:
                    return _run(handler, record, view, request, *args, **kwargs)
                if not hmac.compare_digest(record.request_hash, fingerprint):
                    raise IdempotencyConflict("mismatch")
                if record.is_completed:
                    return _replay(record)
                if time.monotonic() + pause > deadline:
                    raise IdempotencyConflict("in_progress")
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_POLL_SECONDS)
        except IdempotencyConflict as conflict:
            raise _conflict(conflict.reason) from conflict

    wrapper.idempotent = True
    return extend_schema(parameters=[PARAMETER])(wrapper)


def document_idempotency(result, generator, request, public):
    """drf-spectacular postprocessing hook: operations taking ``Idempotency-Key`` document its 409 and the
    replay header. Runs after ``codezest.api.schema.add_error_responses``, which defines the Error schema."""
    replayed = {
        "schema": {"type": "string", "enum": ["true"]},
        "description": "Present on a replay: this is the stored response of the first request with this key.",
    }
    conflict = {
        "description": (
            "The Idempotency-Key was sent with another request (`idempotency_key_reused`), or its first request "
            "is still in progress (`idempotency_in_progress`, with Retry-After)."
        ),
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for path in result.get("paths", {}).values():
        for operation in path.values():
            parameters = operation.get("parameters", []) if isinstance(operation, dict) else []
            if not any(parameter.get("in") == "header" and parameter.get("name") == HEADER for parameter in parameters):
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("409", conflict)
            for code, response in responses.items():
                if code.startswith("2"):
                    response.setdefault("headers", {})[REPLAYED_HEADER] = replayed
    return result
