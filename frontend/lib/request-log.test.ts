import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metricsTokenMatches, webMetrics } from "@/lib/metrics";
import { requestIdFor } from "@/lib/request-id";
import { methodLabel, requestLogInstall, routePattern } from "@/lib/request-log";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("routePattern", () => {
  it.each([
    ["/reset-password?key=one-time-key", "/reset-password"],
    ["/settings/sessions/", "/settings/sessions"],
    ["/auth/callback/corp?code=abc&state=def", "/auth/callback/[provider]"],
    ["/auth/social/github/start", "/auth/social/[provider]/start"],
    ["/_next/static/chunks/app-123.js", "/_next/static/*"],
    ["/wp-login.php", "other"],
    ["/dashboard/6f1c2a4e-0b7d-4c55-9a3e-2d1f0e9c8b7a", "other"],
    [undefined, "/"],
  ])("%s is %s", (target, route) => {
    expect(routePattern(target)).toBe(route);
  });

  it("keeps uncommon methods out of the labels", () => {
    expect([methodLabel("get"), methodLabel("PROPFIND"), methodLabel(undefined)]).toEqual([
      "GET",
      "other",
      "other",
    ]);
  });
});

describe("requestIdFor", () => {
  it("keeps a well-formed id only from behind trusted proxies", () => {
    expect(requestIdFor("0123456789abcdef0123456789abcdef", true)).toBe(
      "0123456789abcdef0123456789abcdef",
    );
    expect(requestIdFor("0123456789abcdef0123456789abcdef", false)).toMatch(UUID);
    expect(requestIdFor('{"forged":"json line"}', true)).toMatch(UUID);
    expect(requestIdFor("short", true)).toMatch(UUID);
    expect(requestIdFor(["a-valid-looking-id", "another-valid-id"], true)).toMatch(UUID);
  });
});

describe("metricsTokenMatches", () => {
  it.each([
    ["Bearer s3cret-token", "s3cret-token", true],
    ["bearer s3cret-token", "s3cret-token", true],
    ["Bearer s3cret-tokenx", "s3cret-token", false],
    ["Basic s3cret-token", "s3cret-token", false],
    [null, "s3cret-token", false],
    ["Bearer ", "", false],
    ["Bearer s3cret-token", undefined, false],
  ])("%s against %s: %s", (header, token, expected) => {
    expect(metricsTokenMatches(header, token)).toBe(expected);
  });
});

describe("requestLogInstall", () => {
  const lines: string[] = [];
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    response.statusCode = request.url?.startsWith("/missing") ? 404 : 200;
    response.end("ok");
  });
  let url = "";

  beforeAll(async () => {
    requestLogInstall({
      hops: 0,
      log: true,
      destination: { write: (line: string) => lines.push(line) },
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.close();
  });

  it("replaces a client's id, returns it, and logs one JSON line without the query string", async () => {
    const response = await fetch(`${url}/reset-password?key=one-time-key`, {
      headers: { "X-Request-ID": "chosen-by-the-client", Cookie: "latchkey_refresh=cookie-value" },
    });
    await response.text();
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(UUID);
    expect(seen.at(-1)?.["x-request-id"]).toBe(id);
    await expect.poll(() => lines.length).toBeGreaterThan(0);
    const line = JSON.parse(lines.at(-1) ?? "");
    expect(line).toMatchObject({
      level: "info",
      service: "latchkey-web",
      request_id: id,
      method: "GET",
      route: "/reset-password",
      status: 200,
      client_ip: "127.0.0.1",
    });
    expect(typeof line.duration_ms).toBe("number");
    expect(lines.at(-1)).not.toMatch(/one-time-key|cookie-value|chosen-by-the-client/);
  });

  it("counts requests per route pattern and status", async () => {
    const { registry } = webMetrics();
    const count = async () =>
      (await registry.getSingleMetric("latchkey_web_http_requests_total")?.get())?.values.find(
        (value) => value.labels.route === "other" && value.labels.status === "404",
      )?.value ?? 0;
    const before = await count();
    await (await fetch(`${url}/missing/123`)).text();
    await expect.poll(count).toBe(before + 1);
  });
});
