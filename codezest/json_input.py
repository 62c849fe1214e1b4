"""JSON from outside (request bodies, Stripe's deliveries), held to what the code behind it can take.

Python's parser takes what the code after it cannot: nesting a few hundred levels deep (the serializers, the
idempotency fingerprint and json.dumps recurse, and run out of stack a little later than the parser does),
lone surrogates such as "\\ud800" (valid JSON, but no character: they cannot be encoded, stored or hashed)
and numbers that overflow to infinity (1e999). A document stored whole in a jsonb column must also hold no
NUL, which PostgreSQL's text cannot hold, and no NaN or Infinity, which JSON itself has no words for.
"""

import json
import math

MAX_DEPTH = 64  # levels of arrays and objects; our bodies use 1 or 2, Stripe's events fewer than 10
TOO_DEEP = f"The JSON is nested too deeply: at most {MAX_DEPTH} levels of arrays and objects."


class JSONRefused(ValueError):
    """JSON that parses but cannot be taken; the message tells the sender why."""


def _refuse_constant(name: str):
    raise JSONRefused(f"The JSON holds {name}, which is not a JSON number.")


def json_check(data, *, stored: bool = False) -> None:
    """Raise JSONRefused if parsed JSON nests too deeply, holds text that is not Unicode or a number too large,
    or (``stored``: for a jsonb column) holds a NUL. Walks the document without recursion."""
    pending = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth == MAX_DEPTH:
                raise JSONRefused(TOO_DEEP)
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                pending += [(key, depth + 1), (item, depth + 1)]
        elif isinstance(value, str):
            try:
                value.encode()
            except UnicodeEncodeError as error:
                raise JSONRefused("The JSON holds text that is not valid Unicode (a lone surrogate).") from error
            if stored and "\x00" in value:
                raise JSONRefused("The JSON holds a NUL character (\\u0000), which cannot be stored.")
        elif isinstance(value, float) and not math.isfinite(value):
            raise JSONRefused("The JSON holds a number too large to use.")


def json_load(document: bytes | str, *, stored: bool = False):
    """Parse strict JSON (no NaN or Infinity) and check it as ``json_check`` does; any failure is a ValueError."""
    try:
        data = json.loads(document, parse_constant=_refuse_constant)
    except RecursionError as error:
        raise JSONRefused(TOO_DEEP) from error
    json_check(data, stored=stored)
    return data
