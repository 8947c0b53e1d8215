"""OpenTelemetry tracing (core.tracing), with the SDK's in-memory exporter instead of an OTLP collector."""

from collections.abc import Iterator
from http import HTTPStatus

import pytest
from django.db import connection, connections
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from core.tracing import tracing_start, tracing_stop

REDIS = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": "redis://127.0.0.1:6379/11", "KEY_PREFIX": "otel"}}
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT_ID = "00f067aa0ba902b7"
KEY = "one-time-key-in-the-query"


@pytest.fixture
def exporter(settings) -> Iterator[InMemorySpanExporter]:
    settings.CACHES = REDIS
    memory = InMemorySpanExporter()
    provider = tracing_start(exporter=memory)
    # Connections opened before instrumenting are not traced: the request opens a new one.
    connections.close_all()
    yield memory
    tracing_stop()
    provider.shutdown()
    connections.close_all()


def _login(client):
    return client.post(
        f"/api/auth/login/?key={KEY}",
        {"email": "nobody@example.com", "password": "wrong-password-1"},
        format="json",
        HTTP_TRACEPARENT=f"00-{TRACE_ID}-{PARENT_ID}-01",
    )


@pytest.mark.django_db(transaction=True)
def test_a_request_joins_the_callers_trace_with_redis_commands_as_children(exporter, api_client):
    assert _login(api_client).status_code == HTTPStatus.UNAUTHORIZED
    spans = exporter.get_finished_spans()
    (server,) = [span for span in spans if span.kind is SpanKind.SERVER]
    assert format(server.context.trace_id, "032x") == TRACE_ID
    assert server.parent is not None
    assert format(server.parent.span_id, "016x") == PARENT_ID
    assert server.attributes.get("http.route") == "api/auth/login/"
    assert all(KEY not in str(value) for span in spans for value in span.attributes.values())
    redis = [span for span in spans if span.attributes.get("db.system") == "redis"]
    assert redis, [span.name for span in spans]
    assert all(span.parent is not None and span.parent.span_id == server.context.span_id for span in redis)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg instrumentation: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgresql_queries_are_child_spans_of_the_request(exporter, api_client):
    _login(api_client)
    spans = exporter.get_finished_spans()
    (server,) = [span for span in spans if span.kind is SpanKind.SERVER]
    queries = [span for span in spans if span.attributes.get("db.system") == "postgresql"]
    assert queries, [span.name for span in spans]
    assert all(span.context.trace_id == server.context.trace_id for span in queries)
    assert any(span.parent is not None and span.parent.span_id == server.context.span_id for span in queries)
