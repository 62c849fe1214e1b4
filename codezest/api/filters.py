"""The filter backend of every API view."""

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's, skipped when the request gives none of the view's filters: an unfiltered list would
    otherwise build and validate a form of empty fields on every request, and change nothing."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not any(
            # A filter of two fields (a range) takes its name with a suffix: price_min, created_after.
            parameter.startswith(name)
            for parameter in request.query_params
            for name in filterset_class.base_filters
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)
