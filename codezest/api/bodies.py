"""A request to the API whose body is over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, whether or not its view reads
the body, before authentication or any other work.

Django holds a body to the limit only when ``request.body`` or a form is read, and DRF's form parser reads the
stream past it: an operation that takes no body would accept one of any size, and a form of any size would
be parsed. The declared Content-Length is checked here; a body without one (chunked, under ASGI) is still
checked as it is read, by ``codezest.api.parsers.JSONParser`` and by Django.
"""

from django.conf import settings
from django.http import JsonResponse

from .errors import error_body, is_api
from .exceptions import PayloadTooLarge


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:  # as Django reads it: no body
        return 0


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and is_api(request) and declared_length(request) > limit:
            body = error_body(PayloadTooLarge.status_code, PayloadTooLarge.default_code, PayloadTooLarge.default_detail)
            return JsonResponse(body, status=PayloadTooLarge.status_code)
        return self.get_response(request)
