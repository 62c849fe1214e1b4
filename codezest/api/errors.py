"""One JSON error shape for the whole API: {"error": {"status", "code", "message", "fields"}}."""

import logging
import sys

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .exceptions import PayloadTooLarge

logger = logging.getLogger(__name__)

MESSAGES = {
    status.HTTP_400_BAD_REQUEST: "The request is not valid.",
    status.HTTP_404_NOT_FOUND: "Not found.",
    status.HTTP_500_INTERNAL_SERVER_ERROR: "Something went wrong on our side; it has been logged.",
    status.HTTP_503_SERVICE_UNAVAILABLE: "The service is briefly unavailable; please try again in a minute.",
}
# Seconds a client is asked to wait (Retry-After) while the database is down.
RETRY_AFTER_SECONDS = 30
# PostgreSQL states that mean the server cannot be reached or is going away: connection exceptions (class 08),
# administrator or crash shutdown, starting up or shutting down, too many connections. A connection that
# fails before the server answers carries no state at all.
_UNAVAILABLE_STATES = {"57P01", "57P02", "57P03", "53300"}


def error_body(status_code: int, code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "fields": fields or {}}}


def _as_drf(exc):
    """Django's own exceptions, as the services raise them, in DRF's terms."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail=detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        return exceptions.ParseError("The form holds more fields than this service accepts.")
    if isinstance(exc, SuspiciousOperation):  # as Django answers them outside DRF: a 400
        return exceptions.ParseError()
    return exc


def database_unavailable(exc: BaseException | None) -> bool:
    """True for an error that says the database is unreachable or going away, not for a bad query."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    state = getattr(exc.__cause__, "sqlstate", None)
    return state is None or state.startswith("08") or state in _UNAVAILABLE_STATES


def service_unavailable(request, exc: BaseException | None = None, *, api: bool | None = None) -> HttpResponse:
    """503 with Retry-After while the database is down: the API's error shape for the API (by default, paths
    under /api/), a plain page elsewhere, rendered without the database (no user, no context processors)."""
    reason = str(exc).strip().splitlines()[0] if exc is not None and str(exc).strip() else type(exc).__name__
    logger.error("The database is unavailable (%s): 503 for %s %s", reason, request.method, request.path)
    as_api = is_api(request) if api is None else api
    if as_api:
        response = JsonResponse(error_body(503, "service_unavailable", MESSAGES[503]), status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html", {"message": MESSAGES[503]}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def exception_handler(exc, context):
    if database_unavailable(exc):
        return service_unavailable(context["request"], exc, api=True)
    exc = _as_drf(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        body = error_body(500, "server_error", MESSAGES[500])
        return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = error_body(response.status_code, "invalid", MESSAGES[400], fields)
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        response.data = error_body(response.status_code, str(code), str(getattr(exc, "detail", exc)))
    return response


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    """Unknown URLs under /api/ answer in the API's shape; others get Django's page."""
    if is_api(request):
        return JsonResponse(error_body(404, "not_found", MESSAGES[404]), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    # Called while the exception is being handled: a database outage met in middleware is a 503 too.
    if database_unavailable(error := sys.exc_info()[1]):
        return service_unavailable(request, error)
    if is_api(request):
        return JsonResponse(error_body(500, "server_error", MESSAGES[500]), status=500)
    return defaults.server_error(request)
