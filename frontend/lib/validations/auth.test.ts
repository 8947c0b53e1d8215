import { describe, expect, it } from "vitest";
import { loginSchema, signupSchema } from "./auth";

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
