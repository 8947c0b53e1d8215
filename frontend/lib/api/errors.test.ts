import { describe, expect, it } from "vitest";
import {
  type ApiFailure,
  isReauthRequired,
  parseRetryAfter,
  throttledMessage,
  toFormErrors,
} from "./errors";

const SIGNUP_FIELDS = ["name", "email", "password"] as const;

function failure(status: number, errors: ApiFailure["errors"], retryAfter: number | null = null) {
  return { ok: false, status, errors, retryAfter } satisfies ApiFailure;
}

describe("toFormErrors", () => {
  it("puts errors with a known param next to their field", async () => {
    const result = await toFormErrors(
      failure(400, [
        { code: "unique", message: "A user with that email already exists.", param: "email" },
        { code: "password_too_short", message: "This password is too short.", param: "password" },
        { code: "password_too_common", message: "This password is too common.", param: "password" },
      ]),
      SIGNUP_FIELDS,
    );
    expect(result).toEqual({
      fieldErrors: {
        email: ["A user with that email already exists."],
        password: ["This password is too short.", "This password is too common."],
      },
      formErrors: [],
    });
  });

  it("puts errors without a param, or with a param the form lacks, in the form alert", async () => {
    const result = await toFormErrors(
      failure(400, [
        { code: "invalid", message: "Something is off." },
        { code: "required", message: "This field is required.", param: "refresh" },
      ]),
      SIGNUP_FIELDS,
    );
    expect(result).toEqual({
      fieldErrors: {},
      formErrors: ["Something is off.", "This field is required."],
    });
  });

  it("shows one clear message for bad credentials", async () => {
    const result = await toFormErrors(
      failure(401, [{ code: "invalid_credentials", message: "Invalid email or password." }]),
      ["email", "password"],
    );
    expect(result).toEqual({ fieldErrors: {}, formErrors: ["Invalid email or password."] });
  });

  it("turns a 429 into a countdown message from Retry-After", async () => {
    const result = await toFormErrors(
      failure(429, [{ code: "throttled", message: "Request was throttled." }], 42),
      SIGNUP_FIELDS,
    );
    expect(result).toEqual({
      fieldErrors: {},
      formErrors: ["Too many attempts. Try again in 42 seconds."],
    });
  });

  it("falls back to a generic message when the backend gave no details", async () => {
    expect((await toFormErrors(failure(500, []), SIGNUP_FIELDS)).formErrors).toEqual([
      "Something went wrong on our side. Please try again.",
    ]);
    expect((await toFormErrors(failure(0, []), SIGNUP_FIELDS)).formErrors[0]).toMatch(
      /unreachable/,
    );
  });
});

describe("throttledMessage", () => {
  it("handles singular, fractional and unknown waits", async () => {
    expect(await throttledMessage(1)).toBe("Too many attempts. Try again in 1 second.");
    expect(await throttledMessage(0.2)).toBe("Too many attempts. Try again in 1 second.");
    expect(await throttledMessage(null)).toBe("Too many attempts. Try again later.");
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds and HTTP dates", async () => {
    expect(parseRetryAfter("30")).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10);
  });
});

describe("isReauthRequired", () => {
  const stepUp = { code: "reauthentication_required", message: "Confirm it's you." };
  it("is a 403 with the step-up code", async () => {
    expect(isReauthRequired(failure(403, [stepUp]))).toBe(true);
  });
  it.each([
    ["another 403", failure(403, [{ code: "permission_denied", message: "No." }])],
    ["the code on another status", failure(401, [stepUp])],
    ["a 403 without errors", failure(403, [])],
  ])("is not %s", (_name, answer) => {
    expect(isReauthRequired(answer)).toBe(false);
  });
});
