"""OpenTelemetry tracing of the API: a server span per request (joined to the caller's trace by its `traceparent`
header), with child spans for each PostgreSQL query and Redis command.

Imported only when OTEL_EXPORTER_OTLP_ENDPOINT is set (core.apps): without it no SDK module is loaded at all.
"""

from django.conf import settings
from opentelemetry import trace
from opentelemetry.instrumentation.django import DjangoInstrumentor
from opentelemetry.instrumentation.psycopg import PsycopgInstrumentor
from opentelemetry.instrumentation.redis import RedisInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter

_INSTRUMENTORS = (DjangoInstrumentor, PsycopgInstrumentor, RedisInstrumentor)


def tracing_start(*, exporter: SpanExporter | None = None) -> TracerProvider:
    """Instruments Django, psycopg and redis. `exporter`: where spans go, synchronously (tests pass an in-memory
    one); default the OTLP/HTTP exporter, configured by the standard OTEL_* variables, batched off the request path.
    Must run before Django builds its middleware chain (the Django instrumentor adds a middleware)."""
    provider = TracerProvider(resource=Resource.create({"service.name": settings.OTEL_SERVICE_NAME}))
    if exporter is None:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    # Query strings carry one-time keys of emailed links: the server span's URL attributes leave them out.
    DjangoInstrumentor().instrument(tracer_provider=provider, request_hook=_drop_query)
    # Statements only (parameters are never recorded): they hold password hashes and token ids.
    PsycopgInstrumentor().instrument(tracer_provider=provider, enable_commenter=False)
    RedisInstrumentor().instrument(tracer_provider=provider)
    return provider


def tracing_stop() -> None:
    """Undoes tracing_start's instrumentation (tests)."""
    for instrumentor in _INSTRUMENTORS:
        instrumentor().uninstrument()


def _drop_query(span: trace.Span, request: object) -> None:
    """Cuts the query string out of the server span's URL attributes (old and new semantic conventions)."""
    attributes = getattr(span, "attributes", None) or {}
    for name in ("http.target", "http.url", "url.query"):
        value = attributes.get(name)
        if isinstance(value, str) and value:
            span.set_attribute(name, "" if name == "url.query" else value.split("?", 1)[0])
