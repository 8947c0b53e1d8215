import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import messages from "@/messages/en.json";
import {
  changePasswordSchema,
  loginSchema,
  profileSchema,
  resetPasswordSchema,
  signupSchema,
} from "./auth";
import { LIMIT_VALUES, PASSWORD_MIN_LENGTH, PASSWORD_TOO_SHORT_MESSAGE } from "./limits";

// Schemas carry message keys; what the user reads is the English catalogue's text for them.
const t = createTranslator({ locale: "en", messages });
const english = (key: string) => t(key as never, LIMIT_VALUES as never);

const valid = { name: "Ada Lovelace", email: "ada@example.com", password: "correct horse battery" };

function fieldErrors(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) {
  return (result.error?.issues ?? []).map((issue) => issue.path[0]);
}

describe("signupSchema", () => {
  it("accepts a valid signup and trims name and email", () => {
    const result = signupSchema.safeParse({
      ...valid,
      name: "  Ada  ",
      email: " ada@example.com ",
    });
    expect(result.success).toBe(true);
    expect(result.data).toEqual({ ...valid, name: "Ada" });
  });

  it.each([
    ["name", ""],
    ["name", "   "],
    ["name", "x".repeat(151)],
    ["email", ""],
    ["email", "not-an-email"],
    ["email", `${"a".repeat(250)}@example.com`],
    ["password", "short"],
    ["password", "x".repeat(1025)],
  ])("rejects %s = %j", (field, value) => {
    const result = signupSchema.safeParse({ ...valid, [field]: value });
    expect(result.success).toBe(false);
    expect(fieldErrors(result)).toEqual([field]);
  });

  it("accepts boundary lengths and has no composition rules", () => {
    expect(signupSchema.safeParse({ ...valid, name: "x".repeat(150) }).success).toBe(true);
    expect(signupSchema.safeParse({ ...valid, password: "aaaaaaaa" }).success).toBe(true);
    expect(signupSchema.safeParse({ ...valid, password: "p".repeat(1024) }).success).toBe(true);
  });

  it("does not trim passwords", () => {
    const result = signupSchema.safeParse({ ...valid, password: "  spaces are fine  " });
    expect(result.data?.password).toBe("  spaces are fine  ");
  });

  it("reports missing fields instead of throwing", () => {
    const result = signupSchema.safeParse({});
    expect(fieldErrors(result).sort()).toEqual(["email", "name", "password"]);
  });
});

describe("loginSchema", () => {
  it("accepts any non-empty password", () => {
    expect(loginSchema.safeParse({ email: valid.email, password: "x" }).success).toBe(true);
  });

  it("rejects an empty password and a malformed email", () => {
    const result = loginSchema.safeParse({ email: "nope", password: "" });
    expect(fieldErrors(result).sort()).toEqual(["email", "password"]);
  });
});

describe("email rule", () => {
  // Every spelling the backend accepts (and canonicalises) must get through the form.
  it.each([
    "ann@example.com",
    "Ann.Smith+tag@Example.COM",
    "ann@bücher.example",
    "ann@bu\u0308cher.example",
    "ann@xn--bcher-kva.example",
    "ANN@BÜCHER.EXAMPLE",
    "ann@ｂüｃｈｅｒ．example",
    "ann@bücher\u3002example",
    "ann@example.com.",
    "ann@straße.de",
    "ann@İstanbul.example",
    "ann@раypal.com",
    "ann@ab--cd.example",
    "ann@localhost",
    "\u212aim@example.com",
    "o'neil@example.com",
    "  ann@example.com  ",
    `${"a".repeat(64)}@${"b".repeat(61)}.${"c".repeat(61)}.${"d".repeat(61)}.com`,
  ])("accepts %j", (value) => {
    expect(loginSchema.safeParse({ email: value, password: "x" }).success).toBe(true);
  });

  // What the backend surely refuses is caught before the round trip.
  it.each([
    "änn@example.com",
    "a\u0308nn@example.com",
    "ａnn@example.com",
    "ann＠example.com",
    "an\u200bn@example.com",
    "ann@bü\u200dcher.example",
    "ann@\u202eelpmaxe.com",
    '"ann"@example.com',
    "ann smith@example.com",
    "ann@exa mple.com",
    "ann@example..com",
    "ann@.example.com",
    "ann@-example.com",
    "ann@",
    "@example.com",
    "ann.example.com",
    `${"a".repeat(65)}@example.com`,
    `${"a".repeat(250)}@example.com`,
  ])("rejects %j", (value) => {
    const result = loginSchema.safeParse({ email: value, password: "x" });
    expect(fieldErrors(result)).toEqual(["email"]);
  });
});

describe("name rule", () => {
  it.each([
    "Ann",
    "Zoë O'Neil-Smith",
    "山田\u3000太郎",
    "مهدی",
    "Nguye\u0302\u0303n",
    "क्षि",
    "Ann ❤️",
    "Ann see https://evil.example/restore",
    "😀".repeat(150), // 150 characters, 300 UTF-16 units
    "e\u0301".repeat(150), // 300 code points as typed, 150 once in NFC
  ])("accepts %j", (value) => {
    expect(profileSchema.safeParse({ name: value }).success).toBe(true);
  });

  it.each([
    "Ann\n\nACCOUNT LOCKED - restore access at https://evil.example/restore",
    "Ann\rSmith",
    "Ann\tSmith",
    "Ann\u0000Smith",
    "Ann\u001bSmith",
    "Ann\u0085Smith",
    "Ann\u009bSmith",
    "Ann\u2028Smith",
    "Ann\u2029Smith",
    ...[
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f,
      0x061c,
    ].map((code) => `Ann${String.fromCharCode(code)}Smith`),
    ...["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u3164"].map(
      (c) => `An${c}n`,
    ),
    "Ann\ud800",
    "Ann\ue000",
    `A${"\u0301\u0316\u0317\u0318\u0319".repeat(6)}nn`,
    "   ",
    "x".repeat(151),
  ])("rejects %j", (value) => {
    expect(fieldErrors(profileSchema.safeParse({ name: value }))).toContain("name");
    expect(fieldErrors(signupSchema.safeParse({ ...valid, name: value }))).toEqual(["name"]);
  });
});

describe("password length rule", () => {
  const link = { uid: "MQ", token: "abc-123" };
  // Every form that sets a password, with where it puts the password.
  const forms = [
    ["signup", (password: string) => signupSchema.safeParse({ ...valid, password }), "password"],
    [
      "reset",
      (password: string) => resetPasswordSchema.safeParse({ ...link, new_password: password }),
      "new_password",
    ],
    [
      "change",
      (password: string) =>
        changePasswordSchema.safeParse({ current_password: "x", new_password: password }),
      "new_password",
    ],
  ] as const;

  // Counted in code points, as Django's len() counts: an emoji is one character, a combining accent another.
  it.each([
    ["", false],
    ["a".repeat(PASSWORD_MIN_LENGTH - 1), false],
    ["a".repeat(PASSWORD_MIN_LENGTH), true],
    ["😀".repeat(4), false], // 8 UTF-16 units, 4 characters
    ["😀".repeat(PASSWORD_MIN_LENGTH), true],
    ["e\u0301".repeat(4), true], // 8 code points
    ["😀".repeat(1024), true], // 2048 UTF-16 units, 1024 characters: the backend's maximum
    ["😀".repeat(1025), false],
  ])("%j passes: %s", (password, passes) => {
    for (const [, parse, field] of forms) {
      const result = parse(password);
      expect(result.success).toBe(passes);
      if (!passes) expect(fieldErrors(result)).toEqual([field]);
    }
  });

  it("says the same thing in the error as in the hint, also for an empty field", () => {
    for (const [, parse] of forms) {
      const messages = (parse("").error?.issues ?? []).map((issue) => issue.message);
      expect(messages).toEqual([PASSWORD_TOO_SHORT_MESSAGE]);
    }
    expect(english(PASSWORD_TOO_SHORT_MESSAGE)).toBe("Password must be at least 8 characters.");
    expect(
      t("forms.newPasswordHint", { min: PASSWORD_MIN_LENGTH }).startsWith(
        `At least ${PASSWORD_MIN_LENGTH} characters.`,
      ),
    ).toBe(true);
  });

  it("asks only for presence at login", () => {
    const result = loginSchema.safeParse({ email: valid.email, password: "" });
    expect(result.error?.issues.map((issue) => english(issue.message))).toEqual([
      "Enter your password.",
    ]);
  });
});
