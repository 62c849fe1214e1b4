"""Request bodies: JSON over the upload limit is a 413; JSON that ``codezest.json_input`` refuses (nested too
deeply, lone surrogates, numbers too large) a 400 saying why."""

import io

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from codezest.json_input import TOO_DEEP, JSONRefused, json_check

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
            raise ParseError(TOO_DEEP) from error
        try:
            json_check(data)
        except JSONRefused as refused:
            raise ParseError(str(refused)) from refused
        return data
