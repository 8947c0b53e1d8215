import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tracingStart } from "@/lib/tracing";

describe("tracingStart", () => {
  const exporter = new InMemorySpanExporter();
  let provider: NodeTracerProvider;
  const received: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    received.push(request.headers);
    response.end("ok");
  });
  let url = "";

  beforeAll(async () => {
    provider = tracingStart({ exporter });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.close();
    await provider.shutdown();
  });

  it("sends a traceparent naming the fetch's own span, in the caller's trace", async () => {
    const tracer = trace.getTracer("test");
    const parentTraceId = await tracer.startActiveSpan("request", async (span) => {
      await (await fetch(`${url}/api/auth/me/?key=one-time-key`)).text();
      span.end();
      return span.spanContext().traceId;
    });

    const header = received.at(-1)?.traceparent;
    expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const [, traceId, spanId] = String(header).split("-");
    expect(traceId).toBe(parentTraceId);
    const client = exporter.getFinishedSpans().find((span) => span.spanContext().spanId === spanId);
    expect(client?.spanContext().traceId).toBe(parentTraceId);
    // The query string (emailed links carry one-time keys there) is cut from the span.
    expect(JSON.stringify([client?.name, client?.attributes])).not.toContain("one-time-key");
  });
});
