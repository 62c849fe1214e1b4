"""The OpenAPI document that /api/schema/ serves, generated in the test process: that view is throttled, and
throttles count in the database, which does not exist yet while tests are being collected."""

import json

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

DOCUMENT = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


def operations(*methods: str) -> list[tuple[str, str, dict]]:
    """(METHOD, path, operation) for each operation of the document with one of ``methods`` (lower case)."""
    return [
        (method.upper(), path, operation)
        for path, item in DOCUMENT["paths"].items()
        for method, operation in item.items()
        if method in methods
    ]
