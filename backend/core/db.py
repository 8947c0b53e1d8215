"""Database helpers that know no app."""

from typing import Any

from django.db import migrations
from django.db.models import QuerySet

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
