import { describe, expect, it } from "vitest";
import {
  decodeSocialFlow,
  encodeSocialFlow,
  matchingFlow,
  parseMfaMethods,
  type SocialFlow,
  safeAuthorizationUrl,
  secondStepPath,
  socialErrorPath,
  statesMatch,
} from "./social-flow";

const flow: SocialFlow = {
  state: "Zx8_q-3Lm0aB7cD9eF1gH2iJ4kL5mN6o",
  provider: "corp",
  intent: "login",
  next: "/settings/sessions?tab=1",
};

/** A cookie value as someone editing it by hand would write it. */
function forged(payload: unknown): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

const valid = { v: 1, s: flow.state, p: "corp", i: "login", n: "/dashboard" };

describe("social flow cookie", () => {
  it.each<[string, SocialFlow]>([
    ["a login", flow],
    ["a login with the default next", { ...flow, next: "/dashboard" }],
    ["a link", { ...flow, intent: "link", next: "/settings/security" }],
  ])("round-trips %s", (_label, value) => {
    expect(decodeSocialFlow(encodeSocialFlow(value))).toEqual(value);
  });

  it("encodes to a cookie-safe value", () => {
    expect(encodeSocialFlow(flow)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each<[string, string | null | undefined]>([
    ["missing", undefined],
    ["null", null],
    ["empty", ""],
    ["not base64url", "a.b=c"],
    ["base64 of garbage", Buffer.from("not json").toString("base64url")],
    ["a JSON array", forged([valid])],
    ["a JSON string", forged("corp")],
    ["another version", forged({ ...valid, v: 2 })],
    ["no state", forged({ ...valid, s: undefined })],
    ["an empty state", forged({ ...valid, s: "" })],
    ["a state that is not a string", forged({ ...valid, s: 12345 })],
    ["a state with spaces", forged({ ...valid, s: "a b" })],
    ["a state with a newline", forged({ ...valid, s: "ab\ncd" })],
    ["an oversized state", forged({ ...valid, s: "x".repeat(513) })],
    ["a provider with a slash", forged({ ...valid, p: "corp/../x" })],
    ["a provider that is not a string", forged({ ...valid, p: ["corp"] })],
    ["an unknown intent", forged({ ...valid, i: "admin" })],
    ["no intent", forged({ ...valid, i: undefined })],
    ["an oversized value", "A".repeat(4000)],
  ])("reads %s as no flow", (_label, value) => {
    expect(decodeSocialFlow(value)).toBeNull();
  });

  it.each([
    ["another site", "https://evil.example/"],
    ["a scheme-relative URL", "//evil.example"],
    ["a path that normalises off-site", "/.//evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["not a string", 42],
    ["missing", undefined],
  ])("replaces a next edited to %s with the dashboard", (_label, next) => {
    expect(decodeSocialFlow(forged({ ...valid, n: next }))?.next).toBe("/dashboard");
  });

  it("always returns a link to the security settings, whatever next says", () => {
    const decoded = decodeSocialFlow(forged({ ...valid, i: "link", n: "/dashboard" }));
    expect(decoded).toEqual({ ...flow, intent: "link", next: "/settings/security" });
  });

  it("never writes an unsafe next", () => {
    const decoded = decodeSocialFlow(encodeSocialFlow({ ...flow, next: "//evil.example" }));
    expect(decoded?.next).toBe("/dashboard");
  });
});

describe("statesMatch", () => {
  it.each<[string, string, unknown, boolean]>([
    ["the same state", flow.state, flow.state, true],
    ["one character changed", flow.state, `${flow.state.slice(0, -1)}p`, false],
    ["a prefix", flow.state, flow.state.slice(0, 10), false],
    ["a longer value", flow.state, `${flow.state}x`, false],
    ["another case", flow.state, flow.state.toLowerCase(), false],
    ["an empty query value", flow.state, "", false],
    ["no query value", flow.state, null, false],
    ["a repeated parameter (array)", flow.state, [flow.state], false],
    ["an empty expected state", "", "", false],
    ["an oversized received state", flow.state, "x".repeat(10_000), false],
  ])("%s → %s", (_label, expected, received, result) => {
    expect(statesMatch(expected, received)).toBe(result);
  });
});

describe("matchingFlow", () => {
  it.each<[string, SocialFlow | null, string, unknown, boolean]>([
    ["cookie, provider and state agree", flow, "corp", flow.state, true],
    ["no cookie", null, "corp", flow.state, false],
    ["the callback of another provider", flow, "google", flow.state, false],
    ["another state", flow, "corp", "Zx8_q-other", false],
    ["no state", flow, "corp", null, false],
  ])("%s", (_label, stored, provider, state, matches) => {
    expect(matchingFlow(stored, provider, state)).toBe(matches ? stored : null);
  });
});

describe("safeAuthorizationUrl", () => {
  it.each([
    [
      "https://idp.example/authorize?state=a&nonce=b",
      "https://idp.example/authorize?state=a&nonce=b",
    ],
    ["http://localhost:9000/auth?x=1", "http://localhost:9000/auth?x=1"],
  ])("keeps %s", (value, expected) => {
    expect(safeAuthorizationUrl(value)).toBe(expected);
  });

  it.each(["javascript:alert(1)", "data:text/html,hi", "/relative", "", null, 42])(
    "refuses %j",
    (value) => {
      expect(safeAuthorizationUrl(value)).toBeNull();
    },
  );
});

describe("where a flow ends", () => {
  it.each<[Parameters<typeof socialErrorPath>, string]>([
    [["login", "invalid_state", null], "/login?error=invalid_state"],
    [["login", "access_denied", "corp"], "/login?error=access_denied&provider=corp"],
    [
      ["link", "account_in_use", "github"],
      "/settings/security?error=account_in_use&provider=github",
    ],
    [["login", "social_auth_failed", "bad/id"], "/login?error=social_auth_failed"],
  ])("socialErrorPath(%j) is %s", (args, expected) => {
    expect(socialErrorPath(...args)).toBe(expected);
  });

  it.each<[unknown[], string, string]>([
    [
      ["totp", "recovery_code"],
      "/dashboard",
      "/login?step=second-factor&methods=totp%2Crecovery_code",
    ],
    [["passkey"], "/settings", "/login?step=second-factor&methods=passkey&next=%2Fsettings"],
    [["sms", "totp"], "//evil.example", "/login?step=second-factor&methods=totp"],
  ])("secondStepPath(%j, %j) is %s", (methods, next, expected) => {
    expect(secondStepPath(methods, next)).toBe(expected);
  });

  it.each<[unknown, string[]]>([
    ["totp,recovery_code,passkey", ["totp", "recovery_code", "passkey"]],
    ["passkey,totp,totp", ["totp", "passkey"]],
    ["sms,<script>,totp", ["totp"]],
    ["", []],
    [["totp"], []],
    [undefined, []],
  ])("parseMfaMethods(%j) is %j", (value, expected) => {
    expect(parseMfaMethods(value)).toEqual(expected);
  });
});
