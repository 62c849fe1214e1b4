from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, pagination

INVALID_CURSOR = "This cursor is not valid."


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE


class CursorPagination(pagination.CursorPagination):
    """For large, growing lists: newest first by the UUIDv7 key, which is unique and indexed."""

    ordering = "-id"
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        # A cursor that does not decode, or decodes to a position the key cannot hold, is bad input.
        try:
            return super().paginate_queryset(queryset, request, view)
        except (exceptions.NotFound, DjangoValidationError) as error:
            raise exceptions.ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from error
