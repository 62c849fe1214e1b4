"""Request bodies: JSON over the upload limit is a 413; JSON nested too deeply or holding lone surrogates a 400."""

import io
import json

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .exceptions import PayloadTooLarge


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        # Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE on forms and request.body; DRF reads JSON from the stream.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(body) > limit:
            raise PayloadTooLarge()
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as error:
            raise ParseError("The JSON is nested too deeply.") from error
        try:  # "\ud800" is valid JSON but no character: nothing past the parser could store or encode it
            json.dumps(data, ensure_ascii=False).encode()
        except UnicodeEncodeError as error:
            raise ParseError("The JSON holds text that is not valid Unicode (a lone surrogate).") from error
        return data
