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
const { SAME_SITE_BOUNCE_HTML } = await import("@/lib/same-site-bounce");

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

function request(
  path: string,
  cookies: Record<string, string> = {},
  method = "GET",
  headers: Record<string, string> = {},
) {
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  return new NextRequest(new URL(path, "http://localhost:3000"), {
    method,
    headers: cookie ? { ...headers, cookie } : headers,
  });
}

// What Chromium sends for a link on another site's page: SameSite=Strict keeps the refresh cookie off it.
const CROSS_SITE_LINK = {
  "sec-fetch-site": "cross-site",
  "sec-fetch-mode": "navigate",
  "sec-fetch-dest": "document",
  "sec-fetch-user": "?1",
};

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
    expect(cookies.find((c) => c.startsWith("access="))).toMatch(
      /Path=\/; .*HttpOnly; SameSite=lax$/i,
    );
    expect(cookies.find((c) => c.startsWith("refresh="))).toMatch(
      /Path=\/; .*HttpOnly; SameSite=strict$/i,
    );
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

  it.each([
    ["/login", "https://evil.example"],
    ["/dashboard", "https://evil.example"],
    ["/settings/security", "null"],
  ])(
    "refuses another site's server action on %s (Origin %s) with 403, touching no session",
    async (path, origin) => {
      const session = { access: await access(-10), refresh: jwt(3600) };
      const response = await proxy(
        request(path, session, "POST", { origin, "next-action": "7f00", host: "localhost:3000" }),
      );
      expect(response.status).toBe(403);
      expect(response.headers.get("x-middleware-next")).toBeNull();
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(apiRefresh).not.toHaveBeenCalled();
    },
  );

  it("lets this origin's server action through", async () => {
    const session = { access: await access(60), refresh: jwt(3600) };
    const response = await proxy(
      request("/login", session, "POST", {
        origin: "http://localhost:3000",
        "next-action": "7f00",
        host: "localhost:3000",
      }),
    );
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

  describe("a link from another site (the refresh cookie withheld)", () => {
    async function expectBounce(response: Response) {
      expect(response.status).toBe(200);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("x-middleware-next")).toBeNull();
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("content-security-policy")).toContain("script-src");
      expect(await response.text()).toBe(SAME_SITE_BOUNCE_HTML);
      expect(setCookies(response)).toEqual([]);
    }

    it.each([
      ["no cookie at all (the access cookie expired with its token)", {}],
      ["an expired access cookie still held", { access: "expired" }],
      ["the signed-out marker", { "signed-out": "1" }],
    ])("bounces, setting and clearing nothing: %s", async (_label, cookies) => {
      const held = "access" in cookies ? { ...cookies, access: await access(-60) } : cookies;
      await expectBounce(
        await proxy(request("/dashboard/team?tab=1&x=%2F%2Fevil", held, "GET", CROSS_SITE_LINK)),
      );
      expect(apiRefresh).not.toHaveBeenCalled();
    });

    it.each([
      "/dashboard//evil.example",
      "/dashboard/%2F%2Fevil.example",
      "/dashboard/%5Cevil.example",
      `/dashboard?next=${"a".repeat(6000)}`,
    ])("answers a hostile path %s with the same page, which names no URL", async (path) => {
      await expectBounce(await proxy(request(path, {}, "GET", CROSS_SITE_LINK)));
    });

    it("answers HEAD as it would GET", async () => {
      const response = await proxy(request("/settings", {}, "HEAD", CROSS_SITE_LINK));
      expect(response.status).toBe(200);
      expect(setCookies(response)).toEqual([]);
    });

    it("opens the page with a live access token, without a bounce", async () => {
      const response = await proxy(
        request("/dashboard", { access: await access(60) }, "GET", CROSS_SITE_LINK),
      );
      expect(response.headers.get("x-middleware-next")).toBe("1");
      expect(setCookies(response)).toEqual([]);
    });

    it("refreshes as before when the refresh cookie came along anyway", async () => {
      const fresh = { access: jwt(300), refresh: jwt(3600) };
      apiRefresh.mockResolvedValue({ ok: true, status: 200, data: fresh });
      const response = await proxy(
        request("/dashboard", { refresh: jwt(3600) }, "GET", CROSS_SITE_LINK),
      );
      expect(response.headers.get("x-middleware-next")).toBe("1");
      expect(setCookies(response).some((c) => c.startsWith(`refresh=${fresh.refresh};`))).toBe(
        true,
      );
    });

    it("redirects the bounce's same-origin re-request to login, once, when there is no session", async () => {
      const response = await proxy(
        request("/dashboard", {}, "GET", { ...CROSS_SITE_LINK, "sec-fetch-site": "same-origin" }),
      );
      expect(response.headers.get("location")).toBe(
        "http://localhost:3000/login?next=%2Fdashboard",
      );
    });

    it.each([
      [
        "a cross-site POST to a protected page",
        "/dashboard",
        "POST",
        { "sec-fetch-mode": "navigate" },
      ],
      [
        "a cross-site fetch of a protected page",
        "/settings",
        "GET",
        { "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" },
      ],
      ["a cross-site link to the login page", "/login", "GET", {}],
    ])("never clears the session on %s", async (_label, path, method, headers) => {
      const response = await proxy(
        request(path, { access: await access(-60) }, method, { ...CROSS_SITE_LINK, ...headers }),
      );
      expect(setCookies(response)).toEqual([]);
      expect(response.headers.get("location") ?? "").not.toContain("reason=signed-out");
    });

    it("leaves a revoked-looking session alone on a cross-site link to login: its refresh cookie was not seen", async () => {
      apiGetMe.mockResolvedValue({ ok: false, status: 401, errors: [], retryAfter: null });
      const held = { access: await access(60) };
      const crossSite = await proxy(request("/login", held, "GET", CROSS_SITE_LINK));
      expect(crossSite.headers.get("location")).toBeNull();
      expect(setCookies(crossSite)).toEqual([]);
      // The same request from this site has nothing withheld: the session is over, and cleared.
      const sameOrigin = await proxy(
        request("/login", held, "GET", { ...CROSS_SITE_LINK, "sec-fetch-site": "same-origin" }),
      );
      expectSessionCleared(setCookies(sameOrigin));
    });

    it("still clears a refresh cookie it was sent and the API refused", async () => {
      apiRefresh.mockResolvedValue({ ok: false, status: 401, errors: [], retryAfter: null });
      const response = await proxy(
        request("/dashboard", { refresh: jwt(3600) }, "GET", CROSS_SITE_LINK),
      );
      expectSessionCleared(setCookies(response));
    });

    it("bounces the social callback, which needs the refresh token, even with a live access token", async () => {
      await expectBounce(
        await proxy(
          request(
            "/auth/callback/oidc?code=c&state=s",
            { access: await access(60) },
            "GET",
            CROSS_SITE_LINK,
          ),
        ),
      );
      const withRefresh = await proxy(
        request(
          "/auth/callback/oidc?code=c&state=s",
          { refresh: jwt(3600) },
          "GET",
          CROSS_SITE_LINK,
        ),
      );
      expect(withRefresh.headers.get("x-middleware-next")).toBe("1");
    });

    it("behaves as before without fetch metadata (curl, old browsers)", async () => {
      const response = await proxy(request("/dashboard", { access: await access(-60) }));
      expect(response.headers.get("location")).toBe(
        "http://localhost:3000/login?next=%2Fdashboard&reason=signed-out",
      );
      expectSessionCleared(setCookies(response));
    });
  });
});
