import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backendIsLive, probeResponse } from "./health";

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;
const servers: http.Server[] = [];

/** A real HTTP server on a free loopback port standing in for Django; returns its base URL. */
async function backend(handler: Handler): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: a server started, then closed. */
async function closedPort(): Promise<string> {
  const url = await backend(() => {});
  const server = servers.pop() as http.Server;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return url;
}

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.resetModules();
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe("backendIsLive", () => {
  it("is true when the API's live endpoint answers 2xx, and asks that path", async () => {
    const paths: string[] = [];
    const url = await backend((request, response) => {
      paths.push(request.url ?? "");
      response.writeHead(200, { "Content-Type": "application/json" }).end('{"status":"ok"}');
    });

    expect(await backendIsLive(url, 2_000)).toBe(true);
    expect(paths).toEqual(["/api/health/live"]);
  });

  it.each([
    [503, {}],
    [400, {}],
    [301, { Location: "https://elsewhere.example/" }],
  ])("is false when the API answers %i", async (status, headers) => {
    const url = await backend((_request, response) => response.writeHead(status, headers).end());

    expect(await backendIsLive(url, 2_000)).toBe(false);
  });

  it("is false when nothing listens", async () => {
    expect(await backendIsLive(await closedPort(), 2_000)).toBe(false);
  });

  it("is false when the API accepts the connection but never answers", async () => {
    const url = await backend(() => {});

    expect(await backendIsLive(url, 50)).toBe(false);
  });
});

describe("probeResponse", () => {
  it("answers 200 when every check passes", async () => {
    const response = probeResponse({ backend: true });

    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", checks: { backend: "ok" }, failing: [] });
  });

  it("answers 503 naming the failing checks", async () => {
    const response = probeResponse({ backend: false, other: true });

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: "unavailable",
      checks: { backend: "unavailable", other: "ok" },
      failing: ["backend"],
    });
  });
});

describe("the route handlers", () => {
  it("live answers 200 without asking anything", async () => {
    const { GET } = await import("@/app/api/health/live/route");
    const response = GET();

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it.each([
    [200, 200, { status: "ok", checks: { backend: "ok" }, failing: [] }],
    [503, 503, { status: "unavailable", checks: { backend: "unavailable" }, failing: ["backend"] }],
  ])(
    "ready asks the API at API_URL: it answers %i, ready answers %i",
    async (apiStatus, status, body) => {
      vi.stubEnv(
        "API_URL",
        await backend((_request, response) => response.writeHead(apiStatus).end()),
      );
      const { GET } = await import("@/app/api/health/ready/route");
      const response = await GET();

      expect(response.status).toBe(status);
      expect(await response.json()).toEqual(body);
    },
  );

  it("ready answers 503 when the API is down", async () => {
    vi.stubEnv("API_URL", await closedPort());
    const { GET } = await import("@/app/api/health/ready/route");

    expect((await GET()).status).toBe(503);
  });
});
