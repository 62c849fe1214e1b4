"""An API operation accepts the query parameters its OpenAPI operation documents and no other: an unknown
one is a 400 naming it, never silently ignored. So is a documented one given empty when its schema admits
no empty string (an id, a number, a choice): filters would otherwise skip it without a word.

What an operation documents is what drf-spectacular generates for it: its filterset's filters, its
paginator's ``page``, ``page_size`` or ``cursor`` (list operations only), and any ``OpenApiParameter`` in
``query`` that the view declares with ``@extend_schema(parameters=[...])``, which is how a view accepts a
parameter of its own. DRF's ``format`` (the browsable API's links) is always accepted. Views that the schema
leaves out (the schema and docs views themselves) are not checked.

The check runs in ``StrictQueryParamsMiddleware.process_view``, once the URL is resolved and before the
view runs (so before authentication: the request's shape is checked first). The schema is generated once
per process, at the first request that has a query string. Values are otherwise the view's to validate.
"""

import threading

from django.http import JsonResponse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.settings import api_settings

from .errors import MESSAGES, error_body

Parameters = dict[str, dict]  # name → its JSON schema
_lock = threading.Lock()
_documented: dict[str | None, dict[tuple[object, str], Parameters]] = {}


def documented_query_parameters(urlconf: str | None = None) -> dict[tuple[object, str], Parameters]:
    """(view callback, HTTP method) → the query parameters its operation documents, with their schemas."""
    if urlconf not in _documented:
        with _lock:
            if urlconf not in _documented:
                _documented[urlconf] = _generate(urlconf)
    return _documented[urlconf]


def _generate(urlconf: str | None) -> dict[tuple[object, str], Parameters]:
    generator = SchemaGenerator(urlconf=urlconf)
    paths = generator.get_schema(request=None, public=True)["paths"]
    documented = {}
    for path, _, method, callback in generator.endpoints:
        view = generator.create_view(callback, method)
        operation = paths.get(generator.coerce_path(path, method, view), {}).get(method.lower())
        if operation is not None:
            parameters = operation.get("parameters", [])
            documented[callback, method] = {p["name"]: p.get("schema", {}) for p in parameters if p["in"] == "query"}
    return documented


def always_accepted() -> frozenset[str]:
    return frozenset(name for name in [api_settings.URL_FORMAT_OVERRIDE] if name)


def admits_empty(schema: dict) -> bool:
    """Whether the empty string is a value of this parameter schema (a free text, not an id or a choice)."""
    restricted = ("enum", "format", "pattern", "minLength")
    return schema.get("type", "string") == "string" and not any(schema.get(key) for key in restricted)


def query_problems(request, view_func) -> dict[str, list[str]] | None:
    """The problems of the request's query string for this view, or None if it has none or is not checked."""
    if not request.GET:
        return None
    method = "GET" if request.method == "HEAD" else request.method
    documented = documented_query_parameters(getattr(request, "urlconf", None)).get((view_func, method))
    if documented is None:
        return None
    problems = {}
    accepted = ", ".join(sorted(documented))
    hint = f"this endpoint accepts: {accepted}." if accepted else "this endpoint takes none."
    for name, values in request.GET.lists():
        if name in documented:
            if "" in values and not admits_empty(documented[name]):
                problems[name] = ["Give a value, or leave the parameter out."]
        elif name not in always_accepted():
            problems[name] = [f"Unknown query parameter; {hint}"]
    return problems or None


class StrictQueryParamsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        problems = query_problems(request, view_func)
        if problems is None:
            return None
        return JsonResponse(error_body(400, "invalid", MESSAGES[400], problems), status=400)
