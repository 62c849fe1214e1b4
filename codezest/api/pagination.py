import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination

INVALID_CURSOR = "This cursor is not valid."
# ASCII digits only: str.isdigit() also takes superscripts and other scripts' digits, which int() refuses.
WHOLE_NUMBER = re.compile(r"[0-9]+")
HUGE = 10**18  # what a longer number counts as: int() refuses strings of over 4,300 digits


def whole_number_from_one(raw: str, *, name: str) -> int:
    """A query parameter holding a whole number from 1, or a 400 naming it."""
    number = (int(raw) if len(raw) <= len(str(HUGE)) else HUGE) if WHOLE_NUMBER.fullmatch(raw) else 0
    if number < 1:
        raise exceptions.ValidationError({name: ["Give a whole number from 1."]})
    return number


class StrictPageSizeMixin:
    """``page_size`` must be a whole number from 1; larger than the cap is served at the cap."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return min(whole_number_from_one(raw, name=self.page_size_query_param), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = f"Results per page, from 1 (at most {self.max_page_size} are served)."
        return parameters


class PageNumberPagination(StrictPageSizeMixin, pagination.PageNumberPagination):
    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return super().get_page_number(request, paginator)
        return min(whole_number_from_one(raw, name=self.page_query_param), HUGE)  # past the last page: a 404

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


class CursorPagination(StrictPageSizeMixin, pagination.CursorPagination):
    """For large, growing lists: newest first by the UUIDv7 key, which is unique and indexed."""

    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        # A cursor that does not decode, or decodes to a position the key cannot hold, is bad input.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (exceptions.NotFound, DjangoValidationError) as error:
            raise exceptions.ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error
