import type { Context } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { registerInstrumentations } from "@opentelemetry/instrumentation";
import { UndiciInstrumentation } from "@opentelemetry/instrumentation-undici";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-node";

/**
 * OpenTelemetry tracing of this server: Next.js's own spans (requests, rendering, its fetch) and a client span per
 * outgoing fetch (undici), whose `traceparent` header joins Django's spans to the same trace. instrumentation.ts
 * imports this only when OTEL_EXPORTER_OTLP_ENDPOINT is set: otherwise no SDK code is loaded at all.
 */

// Attributes that may hold a request target: emailed links carry one-time keys in the query string.
const URL_ATTRIBUTES = ["http.target", "http.url", "url.full", "next.route", "http.route"] as const;

function withoutQuery(value: string): string {
  return value.split("?", 1)[0] ?? "";
}

/** Hands spans on with query strings cut from their name and URL attributes (and url.query dropped). */
export class QueryRedactingProcessor implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const attributes = { ...span.attributes };
    delete attributes["url.query"];
    for (const name of URL_ATTRIBUTES) {
      const value = attributes[name];
      if (typeof value === "string") attributes[name] = withoutQuery(value);
    }
    // A view of the ended span with its own name and attributes; everything else is read through to the span.
    const redacted = Object.create(span, {
      name: { value: withoutQuery(span.name) },
      attributes: { value: attributes },
    }) as ReadableSpan;
    this.next.onEnd(redacted);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

/**
 * Registers the tracer provider (W3C trace context propagation) and the fetch instrumentation. `exporter`: where
 * spans go, synchronously (tests pass an in-memory one); default the OTLP/HTTP exporter, configured by the standard
 * OTEL_* variables, batched off the request path. Returns the provider (shutdown() flushes).
 */
export function tracingStart({ exporter }: { exporter?: SpanExporter } = {}): NodeTracerProvider {
  const processor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      "service.name": process.env.OTEL_SERVICE_NAME || "latchkey-web",
    }),
    spanProcessors: [new QueryRedactingProcessor(processor)],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    // Request and response headers are never recorded: they carry tokens and cookies.
    instrumentations: [new UndiciInstrumentation()],
  });
  return provider;
}
