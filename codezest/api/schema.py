"""OpenAPI additions: every operation documents the API's error responses in one shape."""

ERROR_STATUSES = {
    "400": "Invalid input: `fields` names each field and its problems.",
    "401": "Not authenticated, or the token is invalid, expired or revoked.",
    "403": "Authenticated, but not allowed.",
    "404": "Not found, or not yours.",
    "405": "Method not allowed.",
    "429": "Too many requests: try again later.",
    "500": "Server error.",
}
PAYMENT_STATUSES = {"503": "Payments are not configured (Stripe keys or prices missing)."}
ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "fields"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "Field name to its list of problems (400 only).",
                },
            },
        }
    },
}


def add_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for url, path in result.get("paths", {}).items():
        statuses = {**ERROR_STATUSES, **(PAYMENT_STATUSES if "/payments/" in url else {})}
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            for status_code, description in statuses.items():
                responses.setdefault(
                    status_code, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result
