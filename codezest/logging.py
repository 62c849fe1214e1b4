"""Log records as one JSON object per line, each carrying the id of the request it was written in."""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

# The id of the request being served in this thread or task (set by codezest.middleware.RequestLogMiddleware).
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and goes into the line.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
# Django's request logger passes these as extra; they are objects, not facts for a log line.
_SKIPPED_EXTRA = frozenset({"request", "response", "server_time"})


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", <extra fields>, "request_id", "exception"}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in _SKIPPED_EXTRA and not key.startswith("_"):
                line[key] = value
        if "request_id" not in line and (current := request_id.get()) is not None:
            line["request_id"] = current
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        # default=str: an extra value json cannot write (a UUID, a date) is written as its text.
        return json.dumps(line, default=str, ensure_ascii=False)
