"""Lists whose rows PostgreSQL writes as JSON: one query per page, no model instances, no serializer per row.

A list view's output serializer stays what it was (the OpenAPI schema and every other view use it); from its
fields, ``row_sql`` builds one ``json_build_object(...)`` per row that renders each field as the serializer does:
UUIDs and choices as strings, decimals as strings with their places, date-times in UTC ending in ``Z`` with
microseconds only when there are some, nested objects (a subquery, null when there is no row) and lists of
them (``json_agg`` in the related model's order). A field whose value is not a column (a property, a method
field) names its SQL in the serializer's ``Meta.sql_fields``, beside the Python that renders it elsewhere.
``JSONRowsListMixin`` serves a view's list that way; tests/api/test_json_rows.py holds every such list to the
body its serializer gives.
"""

import re
from functools import cache

import orjson
from django.conf import settings
from django.contrib.postgres.aggregates.mixins import OrderableAggMixin
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import connection, models
from django.db.models import Aggregate, Func, OuterRef, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from rest_framework import serializers
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.settings import ISO_8601, api_settings

ROW = "row"  # the annotation holding a row's JSON text
KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class JSONBuildObject(Func):
    """``json_build_object('key', value, ...)``: json, not jsonb, so the keys keep the serializer's order."""

    function = "json_build_object"
    output_field = models.JSONField()

    def __init__(self, fields: dict[str, models.Expression]):
        self.keys = list(fields)
        if not all(KEY.fullmatch(key) for key in self.keys):
            raise ImproperlyConfigured(f"Not a field name: {self.keys}")
        super().__init__(*fields.values())

    def as_sql(self, compiler, connection, **extra_context):
        arguments, params = [], []
        for key, value in zip(self.keys, self.source_expressions, strict=True):
            sql, value_params = compiler.compile(value)
            arguments += [f"'{key}'", sql]  # a literal: the keys are field names
            params += value_params
        return f"{self.function}({', '.join(arguments)})", params


class JSONAgg(OrderableAggMixin, Aggregate):
    """``json_agg(value ORDER BY ...)``: json, so each element keeps its keys' order."""

    function = "JSON_AGG"
    template = "%(function)s(%(expressions)s %(order_by)s)"
    output_field = models.JSONField()


class EmptyListIfNull(Func):
    """A list subquery of no rows is null: DRF writes []."""

    template = "COALESCE(%(expressions)s, '[]'::json)"
    output_field = models.JSONField()


class DRFDateTime(Func):
    """A timestamp as DRF renders it with TIME_ZONE = "UTC": ISO 8601 ending in Z, the microseconds only when
    there are some (Python's ``isoformat``); infinity and -infinity as the latest and earliest times Python holds,
    as the database backend reads them."""

    template = (
        "CASE WHEN isfinite(%(expressions)s) THEN to_char((%(expressions)s) AT TIME ZONE 'UTC', CASE WHEN "
        "date_trunc('second', %(expressions)s) = (%(expressions)s) THEN 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"' "
        "ELSE 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"' END) WHEN (%(expressions)s) = 'infinity' THEN "
        "'9999-12-31T23:59:59.999999Z' WHEN (%(expressions)s) = '-infinity' THEN '0001-01-01T00:00:00Z' END"
    )
    output_field = models.TextField()


class PythonFloat(Func):
    """A float as Python writes it: a whole number keeps its ".0" (PostgreSQL writes 75 for 75.0)."""

    template = (
        "(CASE WHEN (%(expressions)s)::text ~ '^-?[0-9]+$' THEN (%(expressions)s)::text || '.0' "
        "ELSE (%(expressions)s)::text END)::json"
    )
    output_field = models.JSONField()


def _iso_in_utc(field: serializers.DateTimeField) -> bool:
    """Whether DRF writes the field's date-times in ISO 8601 in UTC, as ``DRFDateTime`` does."""
    iso = getattr(field, "format", api_settings.DATETIME_FORMAT).lower() == ISO_8601
    return iso and settings.USE_TZ and settings.TIME_ZONE == "UTC" and not hasattr(field, "timezone")


def _sql_fields(serializer: serializers.BaseSerializer) -> dict:
    return getattr(getattr(serializer, "Meta", None), "sql_fields", {})


# Fields whose value PostgreSQL's json writes as DRF does (strings, numbers, booleans, lists of strings, JSON,
# ISO dates, ids of related rows); the others below have their own SQL, and any other field is refused.
AS_STORED = (
    serializers.UUIDField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.IntegerField,
    serializers.BooleanField,
    serializers.JSONField,
    serializers.ListField,
    serializers.DateField,
    serializers.PrimaryKeyRelatedField,
)


def _value(field: serializers.Field, model: type[models.Model], sql_fields: dict) -> models.Expression:
    """The SQL of one serializer field on a row of ``model``."""
    if field.field_name in sql_fields:
        return sql_fields[field.field_name]
    source = field.source
    try:
        model_field = model._meta.get_field(source)
    except FieldDoesNotExist:
        raise ImproperlyConfigured(
            f"{model.__name__}.{source} is not a column: give its SQL in Meta.sql_fields[{field.field_name!r}]."
        ) from None
    if isinstance(field, serializers.ListSerializer):
        return _many(field.child, model_field)
    if isinstance(field, serializers.BaseSerializer):
        return _one(field, model_field)
    column = models.F(source)
    if isinstance(field, serializers.DateTimeField) and _iso_in_utc(field):
        return DRFDateTime(column)
    if isinstance(field, serializers.FloatField):
        return PythonFloat(column)
    if isinstance(field, serializers.DecimalField) and not (field.localize or field.normalize_output):
        if getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING):
            return Cast(column, models.TextField())  # numeric(p, s) as text keeps its s places, as DRF quantizes
        return column
    if isinstance(field, AS_STORED):
        return column
    raise ImproperlyConfigured(f"{type(field).__name__} {field.field_name!r}: give its SQL in Meta.sql_fields.")


def _related_rows(model_field, manager: str) -> models.QuerySet:
    """The related model's rows of the outer row: ``manager`` is the one Django reads the relation with."""
    related = getattr(model_field.related_model, manager)
    if model_field.is_relation and not model_field.auto_created:  # a foreign key on the outer row
        return related.filter(pk=OuterRef(model_field.attname))
    return related.filter(**{model_field.field.name: OuterRef("pk")})  # a reverse relation to the outer row


def _one(serializer: serializers.BaseSerializer, model_field) -> models.Expression:
    """A nested object: null when there is no related row (base manager, as ``select_related`` reads it)."""
    rows = _related_rows(model_field, "_base_manager").order_by()
    return Subquery(rows.values(json=_object(serializer, model_field.related_model))[:1])


def _many(child: serializers.BaseSerializer, model_field) -> models.Expression:
    """A nested list, in the related model's default order (the related manager, as prefetching reads it)."""
    model = model_field.related_model
    link = model_field.field.name  # grouped by the outer row's key, so the subquery is one row
    rows = _related_rows(model_field, "_default_manager").order_by().values(link)
    aggregate = JSONAgg(_object(child, model), order_by=list(model._meta.ordering))
    return EmptyListIfNull(Subquery(rows.annotate(json=aggregate).values("json")))


def _object(serializer: serializers.BaseSerializer, model: type[models.Model]) -> JSONBuildObject:
    sql_fields = _sql_fields(serializer)
    return JSONBuildObject(
        {name: _value(field, model, sql_fields) for name, field in serializer.fields.items() if not field.write_only}
    )


@cache
def row_sql(serializer_class: type[serializers.BaseSerializer]) -> tuple[str, tuple]:
    """The SQL of a row's JSON text, as the serializer renders the row, and its parameters.

    Compiled once per serializer: building and compiling the expression on every request costs more than
    PostgreSQL takes to run it. Columns of the row are named by the table's name, as Django names the table a
    query starts from.
    """
    model = serializer_class.Meta.model
    query = model._base_manager.annotate(**{ROW: Cast(_object(serializer_class(), model), models.TextField())}).query
    sql, params = query.get_compiler(connection=connection).compile(query.annotations[ROW])
    return sql, tuple(params)


def json_rows(queryset: models.QuerySet, serializer_class) -> models.QuerySet:
    """The rows as dicts of their key and their JSON text (``ROW``); filters and ordering kept."""
    key = queryset.model._meta.pk.attname  # the cursor's position is read from the row
    row = RawSQL(*row_sql(serializer_class), output_field=models.TextField())
    return queryset.prefetch_related(None).values(key, **{ROW: row})  # values() drops select_related itself


class JSONRowsRenderer(JSONRenderer):
    """DRF's JSON renderer, with orjson for pages of rows PostgreSQL wrote (``orjson.Fragment``)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and isinstance(data.get("results"), JSONRowList):
            return orjson.dumps(data)
        return super().render(data, accepted_media_type, renderer_context)


class JSONRowList(list):
    """A page's rows, each an ``orjson.Fragment`` of the JSON PostgreSQL wrote."""


# A ListAPIView whose page is read as JSON rows (see the module's docstring). A comment, not a docstring:
# drf-spectacular would show it as the description of every view without one.
class JSONRowsListMixin:
    renderer_classes = [JSONRowsRenderer, BrowsableAPIRenderer]

    def list(self, request, *args, **kwargs):  # a big list, so always in pages
        rows = json_rows(self.filter_queryset(self.get_queryset()), self.get_serializer_class())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(JSONRowList(orjson.Fragment(row[ROW]) for row in page))
