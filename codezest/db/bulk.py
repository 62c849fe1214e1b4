"""Many rows from a few templates, written by PostgreSQL itself: what the apps' bulk writers share.

A bulk writer checks a few *template* rows with the model's own rules (``full_clean``), then has
PostgreSQL repeat them over *occurrences*: a SELECT with one row per row to write, naming its
template (``template``, the position in the list, from 0) and what differs (whose, when, ...). A
million rows take seconds so; through the ORM, minutes.

Ids are UUIDv7 of each row's own time, as ``UUIDModel`` makes them for the present (the millisecond,
then the rest of the microsecond as a 12-bit fraction, then random bits), so the keys' order follows
the rows' times. Rows are written in the occurrences' order: occurrences in time order leave the
table's physical order following time too, as it does when rows arrive one by one.
"""

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, models, transaction
from django.db.models.expressions import DatabaseDefault

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_RANDOM_62_BITS = 2**62 - 1
_VARIANT_BIT = -(2**63)  # the top bit of the last 8 bytes, as a signed bigint: the RFC 9562 variant "10"


@dataclass(frozen=True)
class Occurrences:
    """A SELECT (with its parameters) yielding one row per row to write; each writer names its columns."""

    sql: str
    params: Sequence = ()


def uuid7_at(moment: datetime) -> UUID:
    """A UUIDv7 for ``moment``: its millisecond, the rest of its microseconds in 12 bits, then random bits."""
    micros = (moment - EPOCH) // timedelta(microseconds=1)
    millis, rest = divmod(micros, 1000)
    return UUID(int=millis << 80 | 0x7 << 76 | rest * 4096 // 1000 << 64 | 0b10 << 62 | secrets.randbits(62))


def uuid7_sql(moment: str) -> str:
    """SQL for the UUIDv7 of the timestamptz expression ``moment``, laid out as ``uuid7_at`` lays it out."""
    micros = f"(date_part('epoch', {moment}) * 1000000)::bigint"  # a double holds today's microseconds exactly
    high = f"{micros} / 1000 * 65536 + 28672 + mod({micros}, 1000) * 4096 / 1000"  # bigint division
    low = f"(random() * {_RANDOM_62_BITS})::bigint | ({_VARIANT_BIT})"
    return f"encode(int8send({high}) || int8send({low}), 'hex')::uuid"


def templates_clean(templates: Sequence[models.Model], *, exclude: Sequence[str] = ()) -> None:
    """``full_clean()`` each template but for the fields in ``exclude``, the rows each relation names looked
    up once for all templates, and the CHECKs and unique constraints left to PostgreSQL, which refuses the
    bulk INSERT whole."""
    if not templates:
        return
    relations = [
        field
        for field in templates[0]._meta.concrete_fields
        if field.is_relation and field.name not in exclude and not field.generated
    ]
    for template in templates:
        template.full_clean(
            exclude=[*exclude, *(field.name for field in relations)], validate_unique=False, validate_constraints=False
        )
    for field in relations:
        wanted = {getattr(template, field.attname) for template in templates} - {None}
        found = set(field.remote_field.model._default_manager.filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted - found:
            missing = ", ".join(sorted(map(str, wanted - found)))
            raise ValidationError({field.name: f"No such {field.remote_field.model._meta.verbose_name}: {missing}."})


def fan_out(
    model: type[models.Model],
    *,
    templates: Sequence[models.Model],
    occurrences: Occurrences,
    values: Mapping[str, str],
    users_of: str | None = None,
) -> int:
    """One row of ``model`` per occurrence, in the occurrences' order; returns how many.

    ``values`` gives the SQL of some columns, over the occurrence ``o`` and its template ``t`` (for
    instance ``{"metadata": "t.metadata || o.metadata"}``); every other column is the template's. A
    column no template sets is left to its database default. ``users_of`` (SQL over ``o``) names each
    row's user, whose row is then ``u``: ``"user_id": "u.id"`` in ``values`` makes the INSERT fail for a
    user that does not exist, reported on ``user`` as ``full_clean()`` reports it (such relations have no
    database constraint).
    """
    if not templates:
        return 0
    quote = connection.ops.quote_name
    rows = [{"template": number} for number in range(len(templates))]
    typed, columns = ["template integer"], []
    for field in model._meta.concrete_fields:
        if field.generated:
            continue
        found = [field.value_from_object(template) for template in templates]
        if all(isinstance(value, DatabaseDefault) for value in found):
            if field.column in values:
                columns.append(field.column)
            continue
        for row, value in zip(rows, found, strict=True):
            row[field.column] = field.get_prep_value(value)
        typed.append(f"{quote(field.column)} {field.db_type(connection)}")
        columns.append(field.column)
    selected = [values.get(column, f"t.{quote(column)}") for column in columns]
    users = ""
    if users_of is not None:
        users = f" LEFT JOIN {quote(get_user_model()._meta.db_table)} AS u ON u.id = {users_of}"
    # The templates and users are the hashed sides of the joins: the occurrences stream through in their order.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"SELECT {', '.join(selected)} FROM ({occurrences.sql}) AS o "
        f"JOIN jsonb_to_recordset(%s::jsonb) AS t({', '.join(typed)}) ON t.template = o.template{users}"
    )
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a savepoint, to say which user is missing
            cursor.execute(sql, [*occurrences.params, json.dumps(rows, cls=DjangoJSONEncoder)])
            return cursor.rowcount
    except IntegrityError as error:
        missing = _users_missing(occurrences, users_of) if users_of is not None else []
        if missing:
            raise ValidationError({"user": f"No such user: {', '.join(missing)}."}) from error
        raise


def _users_missing(occurrences: Occurrences, users_of: str) -> list[str]:
    users = connection.ops.quote_name(get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT {users_of} FROM ({occurrences.sql}) AS o"
            f" WHERE NOT EXISTS (SELECT FROM {users} AS u WHERE u.id = {users_of}) LIMIT 5",
            occurrences.params,
        )
        return sorted(str(user) for (user,) in cursor.fetchall())
