import http from "node:http";
import { expect, test } from "@playwright/test";

// Raw HTTP, because fetch (and so Playwright's request) refuses TRACE and TRACK, which are part of the point.
function send(
  baseURL: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, baseURL), { method, headers }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers }),
      );
    });
    request.on("error", reject);
    request.end();
  });
}

const METHODS = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "DELETE",
  "PATCH",
  "OPTIONS",
  "TRACE",
  "TRACK",
  "PROPFIND",
  "BREW",
];

// Node's HTTP parser does not know these and answers 400 itself, before any code of ours or Next's runs.
const UNPARSED_METHODS = new Set(["TRACK", "BREW"]);

const PATHS = [
  "/",
  "/login",
  "/signup",
  "/verify-email?key=abc",
  "/dashboard",
  "/settings",
  "/settings/export",
  "/logout",
  "/icon.svg",
  "/favicon.ico",
  "/no-such-page",
  "/.env",
  "/_next/static/chunks/no-such-chunk.js",
  "/_global-error",
  "/_not-found",
  // The social callback (a dynamic route handler) with a segment that does not decode: Next answered 500.
  "/auth/callback/%E0%A4%A",
];

test("no method on any path answers 5xx, and every answer carries COOP", async ({
  request,
  baseURL,
}) => {
  const login = await (await request.get("/login")).text();
  const chunk = /\/_next\/static\/chunks\/[^"'\s]+\.js/.exec(login)?.[0];
  expect(chunk, "the login page loads a script chunk").toBeTruthy();

  const answers: string[] = [];
  for (const path of [...PATHS, chunk as string]) {
    for (const method of METHODS) {
      const { status, headers } = await send(baseURL as string, method, path);
      answers.push(`${method} ${path} → ${status}`);
      expect.soft(status, `${method} ${path}`).toBeLessThan(500);
      if (UNPARSED_METHODS.has(method)) continue;
      expect.soft(headers["cross-origin-opener-policy"], `${method} ${path}`).toBe("same-origin");
      if (String(headers["content-type"]).startsWith("text/html")) {
        expect.soft(headers["content-security-policy"], `${method} ${path}`).toBeTruthy();
      }
    }
  }
  expect(answers).toHaveLength((PATHS.length + 1) * METHODS.length);
});

// A forged server-action call from another page (a form posting to ours): Next refuses it, but with a 500.
test("another origin's server-action POST is refused with 403 on every kind of page", async ({
  baseURL,
}) => {
  for (const path of ["/login", "/signup", "/dashboard", "/settings/security", "/reset-password"]) {
    for (const origin of ["https://evil.example", "null"]) {
      const { status } = await send(baseURL as string, "POST", path, {
        origin,
        "next-action": "7f0000000000000000000000000000000000000000",
        "content-type": "text/plain;charset=UTF-8",
      });
      expect.soft(status, `${path} from ${origin}`).toBe(403);
    }
  }
});

test("a static chunk takes GET and HEAD only", async ({ request, baseURL }) => {
  const login = await (await request.get("/login")).text();
  const chunk = /\/_next\/static\/chunks\/[^"'\s]+\.js/.exec(login)?.[0] as string;
  for (const method of ["OPTIONS", "POST", "PUT", "DELETE"]) {
    const { status, headers } = await send(baseURL as string, method, chunk);
    expect(status, method).toBe(405);
    expect(headers.allow).toBe("GET, HEAD");
  }
  expect((await send(baseURL as string, "GET", chunk)).status).toBe(200);
});
