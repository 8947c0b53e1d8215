import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  createNonce,
  STATIC_SECURITY_HEADERS,
  securityHeaders,
} from "./security-headers";

function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split("; ").map((part) => {
      const [name = "", ...sources] = part.split(" ");
      return [name, sources.join(" ")];
    }),
  );
}

describe("createNonce", () => {
  it("makes a different base64 value each time", () => {
    const first = createNonce();
    expect(first).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(first);
  });
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only by nonce in production and locks down the rest", () => {
    const policy = directives(contentSecurityPolicy("abc", { isDevelopment: false }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-abc' 'strict-dynamic'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'none'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.get("default-src")).toBe("'self'");
  });

  it("adds unsafe-eval only for development", () => {
    expect(contentSecurityPolicy("abc", { isDevelopment: true })).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy("abc", { isDevelopment: false })).not.toContain("unsafe-eval");
  });
});

describe("securityHeaders", () => {
  it("sends HSTS only when asked to", () => {
    const policy = contentSecurityPolicy("n", { isDevelopment: false });
    const secure = securityHeaders(policy, { strictTransportSecurity: true });
    expect(secure["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    const plain = securityHeaders(policy, { strictTransportSecurity: false });
    expect(plain["Strict-Transport-Security"]).toBeUndefined();
    expect(plain["Content-Security-Policy"]).toBe(policy);
  });
});

describe("STATIC_SECURITY_HEADERS", () => {
  it.each([
    ["Cross-Origin-Opener-Policy", "same-origin"],
    ["X-Content-Type-Options", "nosniff"],
    ["X-Frame-Options", "DENY"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ])("sends %s: %s", (name, value) => {
    expect(STATIC_SECURITY_HEADERS[name]).toBe(value);
  });
});
