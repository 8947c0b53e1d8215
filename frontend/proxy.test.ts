import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTVerifyGetKey, SignJWT } from "jose";
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

// The API's key set, served locally instead of fetched from /api/auth/jwks/.
const keys = await generateKeyPair("ES256");
const publishedKey = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "ES256" };
let jwks: JWTVerifyGetKey = createLocalJWKSet({ keys: [publishedKey] });
vi.mock("jose", async (importOriginal) => ({
  ...(await importOriginal<typeof import("jose")>()),
  createRemoteJWKSet: (): JWTVerifyGetKey => (header, token) => jwks(header, token),
}));
const apiRefresh = vi.fn();
const apiGetMe = vi.fn();
vi.mock("@/lib/api/client", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api/client")>()),
  apiRefresh: (...args: unknown[]) => apiRefresh(...args),
  apiGetMe: (...args: unknown[]) => apiGetMe(...args),
}));

const { proxy } = await import("./proxy");

function jwt(secondsFromNow: number, jti = crypto.randomUUID()): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + secondsFromNow;
  return `${encode({ alg: "HS256", typ: "JWT" })}.${encode({ exp, jti })}.signature`;
}

/** An access token as the API signs it. */
async function access(
  secondsFromNow: number,
  { key = keys.privateKey, aud = "latchkey-api" }: { key?: CryptoKey; aud?: string } = {},
) {
  return new SignJWT({ user_id: 1, aud, iss: "latchkey" })
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setExpirationTime(Math.floor(Date.now() / 1000) + secondsFromNow)
    .sign(key);
}

function request(path: string, cookies: Record<string, string> = {}, method = "GET") {
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method,
    headers: cookie ? { cookie } : {},
  });
}

function setCookies(response: Response): string[] {
  return response.headers.getSetCookie();
}

/** Both token cookies deleted, and the marker that makes another tab's login page say "You were signed out". */
function expectSessionCleared(cookies: string[]): void {
  expect(cookies).toHaveLength(3);
  for (const name of ["access", "refresh"]) {
    expect(cookies.find((cookie) => cookie.startsWith(`${name}=`))).toMatch(/Max-Age=0/);
  }
  const marker = cookies.find((cookie) => cookie.startsWith("signed-out="));
  expect(marker).toMatch(/^signed-out=1; Path=\/; HttpOnly; SameSite=lax$/i);
}

beforeEach(() => {
  apiRefresh.mockReset();
  apiGetMe.mockReset();
  apiGetMe.mockResolvedValue({ ok: true, status: 200, data: {} });
  jwks = createLocalJWKSet({ keys: [publishedKey] });
});

describe("proxy", () => {
  it("sends a visitor without a session to login, remembering the page", async () => {
    const response = await proxy(request("/dashboard/team?tab=1"));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(
      "http://localhost:3000/login?next=%2Fdashboard%2Fteam%3Ftab%3D1",
    );
  });

  it("lets a request with a live access token through and tells the page its path", async () => {
    const response = await proxy(
      request("/dashboard", { access: await access(60), refresh: jwt(3600) }),
    );
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("x-middleware-request-x-requested-path")).toBe("/dashboard");
    expect(setCookies(response)).toEqual([]);
    expect(apiRefresh).not.toHaveBeenCalled();
  });

  it("refreshes an expired access token for the browser and for this request's render", async () => {
    const fresh = { access: jwt(300), refresh: jwt(3600) };
    apiRefresh.mockResolvedValue({ ok: true, status: 200, data: fresh });

    const response = await proxy(request("/dashboard", { refresh: jwt(3600), theme: "light" }));

    expect(apiRefresh).toHaveBeenCalledTimes(1);
    expect(response.headers.get("x-middleware-next")).toBe("1");
    const cookies = setCookies(response);
    expect(cookies.some((c) => c.startsWith(`access=${fresh.access};`))).toBe(true);
    expect(cookies.some((c) => c.startsWith(`refresh=${fresh.refresh};`))).toBe(true);
    for (const cookie of cookies) expect(cookie).toMatch(/HttpOnly; SameSite=lax/i);
    const forwardedCookie = response.headers.get("x-middleware-request-cookie") ?? "";
    expect(forwardedCookie).toContain(`access=${fresh.access}`);
    expect(forwardedCookie).toContain(`refresh=${fresh.refresh}`);
    expect(forwardedCookie).toContain("theme=light");
  });

  it("clears the cookies and sends the user to login when the refresh token is rejected", async () => {
    apiRefresh.mockResolvedValue({ ok: false, status: 401, errors: [], retryAfter: null });

    const response = await proxy(request("/dashboard", { refresh: jwt(3600) }));

    expect(response.headers.get("location")).toBe(
      "http://localhost:3000/login?next=%2Fdashboard&reason=signed-out",
    );
    expectSessionCleared(setCookies(response));
  });

  it("tells a browser whose session ended elsewhere why it must log in, and a new visitor nothing", async () => {
    const ended = await proxy(request("/settings", { "signed-out": "1" }));
    expect(ended.headers.get("location")).toBe(
      "http://localhost:3000/login?next=%2Fsettings&reason=signed-out",
    );
    const visitor = await proxy(request("/settings"));
    expect(visitor.headers.get("location")).toBe("http://localhost:3000/login?next=%2Fsettings");
    expect(setCookies(visitor)).toEqual([]);
  });

  it("sends a signed-in user away from login to a safe next page", async () => {
    const session = { access: await access(60), refresh: jwt(3600) };
    const safe = await proxy(request("/login?next=%2Fdashboard%3Fx%3D1", session));
    expect(safe.headers.get("location")).toBe("http://localhost:3000/dashboard?x=1");

    for (const next of ["%2F%2Fevil.example", "%2F.%2F%2Fevil.example", "%2F%5Cevil.example"]) {
      const evil = await proxy(request(`/login?next=${next}`, session));
      expect(evil.headers.get("location")).toBe("http://localhost:3000/dashboard");
    }

    const signup = await proxy(request("/signup", session));
    expect(signup.headers.get("location")).toBe("http://localhost:3000/dashboard");
  });

  it("does not redirect server action posts", async () => {
    const session = { access: await access(60), refresh: jwt(3600) };
    const response = await proxy(request("/login", session, "POST"));
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it("treats a forged or foreign access token as none and refreshes instead", async () => {
    const stranger = await generateKeyPair("ES256");
    for (const forged of [
      await access(60, { key: stranger.privateKey }),
      await access(60, { aud: "another-api" }),
      jwt(60),
    ]) {
      apiRefresh.mockReset();
      apiRefresh.mockResolvedValue({ ok: false, status: 401, errors: [], retryAfter: null });
      const response = await proxy(request("/dashboard", { access: forged, refresh: jwt(3600) }));
      expect(apiRefresh).toHaveBeenCalledTimes(1);
      expect(response.headers.get("location")).toBe(
        "http://localhost:3000/login?next=%2Fdashboard&reason=signed-out",
      );
    }
  });

  it("falls back to the expiry check when the key set cannot be fetched", async () => {
    jwks = async () => {
      throw new TypeError("fetch failed");
    };
    const response = await proxy(
      request("/dashboard", { access: await access(60), refresh: jwt(3600) }),
    );
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(apiRefresh).not.toHaveBeenCalled();
  });

  it("puts a fresh nonce into the CSP of every page and hands it to the render", async () => {
    const first = await proxy(request("/"));
    const second = await proxy(request("/verify-email?key=abc"));
    const policy = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(first.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
    expect(apiRefresh).not.toHaveBeenCalled();
  });

  it("shows the login page, without cookies, to a session revoked elsewhere", async () => {
    apiGetMe.mockResolvedValue({ ok: false, status: 401, errors: [], retryAfter: null });
    apiRefresh.mockResolvedValue({ ok: false, status: 401, errors: [], retryAfter: null });

    const response = await proxy(
      request("/login?next=%2Fdashboard", { access: await access(60), refresh: jwt(3600) }),
    );

    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expectSessionCleared(setCookies(response));
  });

  it("does not ask the backend about protected pages when the token verifies locally", async () => {
    await proxy(request("/settings", { access: await access(60), refresh: jwt(3600) }));
    expect(apiGetMe).not.toHaveBeenCalled();
    expect(apiRefresh).not.toHaveBeenCalled();
  });

  it.each([
    ["OPTIONS", "/_next/static/chunks/0abc.js", "GET, HEAD"],
    ["POST", "/icon.svg", "GET, HEAD"],
    ["PUT", "/dashboard", "GET, HEAD, POST, OPTIONS"],
    ["DELETE", "/login", "GET, HEAD, POST, OPTIONS"],
    ["POST", "/api/health/live", "GET, HEAD"],
    ["OPTIONS", "/api/health/ready", "GET, HEAD"],
  ])("answers %s %s with 405 itself, allowing %s", async (method, path, allow) => {
    const response = await proxy(request(path, {}, method));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe(allow);
    expect(response.headers.get("x-middleware-next")).toBeNull();
  });

  it("does not serve dotfiles", async () => {
    const response = await proxy(request("/.env"));
    expect(response.status).toBe(404);
  });

  it("passes build assets through untouched: no session work, no CSP", async () => {
    const response = await proxy(request("/_next/static/chunks/0abc.js", { refresh: jwt(3600) }));
    expect(response.headers.get("x-middleware-next")).toBe("1");
    expect(response.headers.get("content-security-policy")).toBeNull();
    expect(apiRefresh).not.toHaveBeenCalled();
  });
});
