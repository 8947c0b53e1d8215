import { describe, expect, it } from "vitest";
import {
  groupSecret,
  normalizeRecoveryCode,
  normalizeTotpCode,
  reauthMethodsFor,
  recoveryCodesText,
  svgDataUrl,
} from "./mfa";
import { initialSecondStep } from "./second-step";

describe("reauthMethodsFor", () => {
  const none = { totp: false, passkeys: 0, recoveryCodesLeft: 0 };
  const everything = { totp: true, passkeys: 2, recoveryCodesLeft: 3 };

  it("offers only the password to an account without a second factor", () => {
    expect(reauthMethodsFor(none, { secondFactorOnly: false })).toEqual(["password"]);
    // Nothing to remove then, but the dialog must still offer a way through.
    expect(reauthMethodsFor(none, { secondFactorOnly: true })).toEqual(["password"]);
  });

  it("offers every factor the account has", () => {
    expect(reauthMethodsFor(everything, { secondFactorOnly: false })).toEqual([
      "password",
      "totp",
      "passkey",
      "recovery_code",
    ]);
  });

  it("leaves the password out when a factor is being removed from an MFA account", () => {
    expect(reauthMethodsFor(everything, { secondFactorOnly: true })).toEqual([
      "totp",
      "passkey",
      "recovery_code",
    ]);
    expect(
      reauthMethodsFor(
        { totp: false, passkeys: 1, recoveryCodesLeft: 0 },
        { secondFactorOnly: true },
      ),
    ).toEqual(["passkey"]);
  });
});

describe("initialSecondStep", () => {
  it.each([
    [["totp", "recovery_code", "passkey"], "totp"],
    [["recovery_code", "passkey"], "passkey"],
    [["recovery_code"], "recovery_code"],
  ] as const)("%o starts with %s", (methods, first) => {
    expect(initialSecondStep(methods)).toBe(first);
  });
});

describe("codes as people type them", () => {
  it.each([
    ["123 456", "123456"],
    ["123-456", "123456"],
    [" 123456\n", "123456"],
  ])("TOTP %j → %j", (typed, sent) => {
    expect(normalizeTotpCode(typed)).toBe(sent);
  });

  it.each([
    [" ABCD-efgh-JKMN ", "abcd-efgh-jkmn"],
    ["abcd efgh", "abcdefgh"],
  ])("recovery code %j → %j", (typed, sent) => {
    expect(normalizeRecoveryCode(typed)).toBe(sent);
  });

  it("groups the setup key by four", () => {
    expect(groupSecret("JBSWY3DPEHPK3PXPJBSWY3DP")).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP");
    expect(groupSecret("ABCDEF")).toBe("ABCD EF");
    expect(groupSecret("")).toBe("");
  });
});

describe("recoveryCodesText", () => {
  it("lists one code a line under a header naming the account and the date", () => {
    const text = recoveryCodesText(["aaaa-bbbb-cccc", "dddd-eeee-ffff"], {
      heading: "Latchkey recovery codes for ada@example.com",
      note: "Generated 2026-12-01. Each code works once. Keep them somewhere safe.",
    });
    expect(text.split("\n")).toEqual([
      "Latchkey recovery codes for ada@example.com",
      "Generated 2026-12-01. Each code works once. Keep them somewhere safe.",
      "",
      "aaaa-bbbb-cccc",
      "dddd-eeee-ffff",
      "",
    ]);
  });
});

describe("svgDataUrl", () => {
  it("encodes the markup so it is one opaque image URL", () => {
    const url = svgDataUrl('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>');
    expect(url.startsWith("data:image/svg+xml;charset=utf-8,")).toBe(true);
    expect(url).not.toMatch(/[<>"\s]/);
    expect(decodeURIComponent(url.split(",")[1] ?? "")).toContain("<path");
  });
});
