"""Database helpers that know no app."""

from typing import Any, cast

from django.db import connections, migrations, models
from django.db.models import QuerySet
from django.db.models.sql import UpdateQuery

# Rows per DELETE: small enough that each transaction is short (locks, WAL, replication lag), large enough that a
# million rows take a hundred statements.
DELETE_BATCH_SIZE = 10_000


def delete_in_batches(queryset: QuerySet[Any], *, order_by: str, batch_size: int | None = None) -> int:
    """Deletes the rows `queryset` selects, `batch_size` at a time; returns how many rows of its model went.

    Each batch is one `DELETE ... WHERE pk IN (SELECT pk ... ORDER BY <order_by> LIMIT batch_size)` in its own
    transaction (autocommit): no row is loaded into this process and no transaction grows with the table, so memory
    and lock time stay bounded however many rows match. `order_by` should be an indexed column of the filter (e.g.
    `expires_at`): each batch is then an index range scan from the oldest row, not a scan of the table. Rows that
    start to match while it runs may be deleted too. A model with cascades or delete signals gets them per batch
    (Django loads that batch's objects, never more).
    """
    batch_size = DELETE_BATCH_SIZE if batch_size is None else batch_size
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    model = queryset.model
    label = model._meta.label
    total = 0
    while True:
        batch = queryset.order_by(order_by).values("pk")[:batch_size]
        _, per_model = model._base_manager.filter(pk__in=batch).delete()
        deleted = per_model.get(label, 0)
        total += deleted
        if deleted < batch_size:
            return total


# ---- migrations on tables that may be large ---------------------------------------------------------------------
# On PostgreSQL an index is built and dropped CONCURRENTLY, so a deployment keeps writing (a login writes a security
# event) while it runs; elsewhere (SQLite in development) as usual. The migration using them sets `atomic = False`.


def _concurrently(schema_editor: Any) -> dict[str, bool]:
    return {"concurrently": True} if schema_editor.connection.vendor == "postgresql" else {}


class AddIndexConcurrentlyOnPostgres(migrations.AddIndex):
    atomic = False

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.add_index(model, self.index, **_concurrently(schema_editor))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.remove_index(model, self.index, **_concurrently(schema_editor))


class RemoveIndexConcurrentlyOnPostgres(migrations.RemoveIndex):
    atomic = False

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = from_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.remove_index(model, index, **_concurrently(schema_editor))

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            index = to_state.models[app_label, self.model_name_lower].get_index_by_name(self.name)
            schema_editor.add_index(model, index, **_concurrently(schema_editor))


# ---- several writes in one statement ------------------------------------------------------------------------------
# A transaction of N statements costs N + 2 round trips (BEGIN, each statement, COMMIT) before its one WAL flush.
# Where a write depends only on an earlier one having matched (a sign-in: the user row was unchanged, so the session
# and its audit event may be written), PostgreSQL's data-modifying WITH clauses put them in one statement, which is
# its own transaction in autocommit: all of it commits, or none of it. The SQL is compiled from the ORM (the
# queryset's conditions, the models' columns, defaults and adapters), so no column list is written twice.


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
