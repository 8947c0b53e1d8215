"""Several writes in one statement, so that one round trip to PostgreSQL does them and commits them together.

A transaction of N statements costs N + 2 round trips (BEGIN, each statement, COMMIT) before its one WAL flush. Where
a write depends only on an earlier one having matched (a sign-in: the user row was unchanged, so the session and its
audit event may be written), PostgreSQL's data-modifying WITH clauses put them in one statement, which is its own
transaction in autocommit: all of it commits, or none of it. The SQL is compiled from the ORM (the queryset's
conditions, the models' columns, defaults and adapters), so no column list is written twice.
"""

from typing import Any, cast

from django.db import connections, models
from django.db.models.sql import UpdateQuery


def _insert_select(obj: models.Model, *, gate: str, using: str) -> tuple[str, list[Any]]:
    """`INSERT INTO <table> (<columns>) SELECT <values> FROM <gate>`: `obj` as Model.save() would insert it (defaults
    and auto_now_add applied, a database-generated primary key left to the database), once per row of `gate`."""
    connection = connections[using]
    meta = obj._meta
    qn = connection.ops.quote_name
    columns, params = [], []
    for field in meta.local_concrete_fields:
        if field is meta.auto_field or field.generated:
            continue
        if hasattr(field, "get_placeholder"):  # pragma: no cover - no such field on the models written here
            raise TypeError(f"{meta.label}.{field.name} needs its own placeholder")
        columns.append(qn(cast(str, field.column)))  # a concrete field always has a column
        params.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
    # Only quoted identifiers from the model's metadata are formatted in; every value is a bound parameter.
    sql = (
        f"INSERT INTO {qn(meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(['%s'] * len(columns))} FROM {gate}"
    )
    return sql, params


def update_then_insert(queryset: models.QuerySet[Any], values: dict[str, Any], inserts: list[models.Model]) -> int:
    """On PostgreSQL: `queryset.update(**values)` and, only if it matched a row, the INSERT of every unsaved
    instance in `inserts`, in one statement; returns the number of rows updated (0: nothing was written).

    Outside a transaction the statement commits on its own (one round trip); inside one it joins it. Model signals
    (pre_save, post_save) are not sent, as QuerySet.update and bulk_create do not send them. The instances are not
    marked saved; ids the database generates are not read back.
    """
    using = queryset.db
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise NotImplementedError("data-modifying WITH clauses are PostgreSQL's")
    query = cast(UpdateQuery, queryset.query.chain(UpdateQuery))  # what QuerySet.update compiles
    query.add_update_values(values)
    update_sql, update_params = query.get_compiler(using).as_sql()
    parts, params = [f"updated AS ({update_sql} RETURNING 1)"], list(update_params)
    for index, obj in enumerate(inserts):
        insert_sql, insert_params = _insert_select(obj, gate="updated", using=using)
        parts.append(f"inserted_{index} AS ({insert_sql})")
        params += insert_params
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {', '.join(parts)} SELECT count(*) FROM updated", params)  # noqa: S608 (compiled above)
        row = cursor.fetchone()
    return int(row[0]) if row else 0
