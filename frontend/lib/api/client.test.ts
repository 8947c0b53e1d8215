import { describe, expect, it, vi } from "vitest";

vi.mock("server-only", () => ({}));

const { callWithDeadline, DEADLINE_HEADER } = await import("./client");
const { SIGN_IN_TIMED_OUT_MESSAGE, toFormErrors } = await import("./errors");
const UNAVAILABLE_MESSAGE = "The service is unreachable right now. Please try again in a moment.";

const ok = (status = 200) => ({ data: { fine: true }, response: new Response("{}", { status }) });

describe("callWithDeadline", () => {
  it("tells Django the moment this server stops waiting, which is when its own wait ends", async () => {
    const now = vi.fn(() => 1_800_000_000_000);
    let sent: Record<string, string> = {};
    let signal: AbortSignal | null = null;
    const result = await callWithDeadline(
      async (s, deadline) => {
        sent = deadline;
        signal = s;
        return ok();
      },
      2_500,
      now,
    );
    expect(result.ok).toBe(true);
    expect(sent).toEqual({ [DEADLINE_HEADER]: "1800000002500" });
    expect(signal).not.toBeNull();
  });

  it("gives up after the same timeout it announced", async () => {
    const started = Date.now();
    const result = await callWithDeadline(
      (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener("abort", () => reject(signal.reason));
        }),
      50,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.status).toBe(0);
      expect(result.errors.map((e) => e.code)).toEqual(["deadline_exceeded"]);
      expect((await toFormErrors(result, [])).formErrors).toEqual([SIGN_IN_TIMED_OUT_MESSAGE]);
    }
  });

  it.each([
    ["a refused connection before the deadline", 0, "unreachable", UNAVAILABLE_MESSAGE],
    [
      "a failure once the deadline has passed",
      10_000,
      "deadline_exceeded",
      SIGN_IN_TIMED_OUT_MESSAGE,
    ],
  ])("tells apart %s", async (_, elapsed, code, message) => {
    let clock = 1_000;
    const result = await callWithDeadline(
      async () => {
        clock += elapsed;
        throw new TypeError("fetch failed");
      },
      5_000,
      () => clock,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => e.code)).toEqual([code]);
      expect((await toFormErrors(result, [])).formErrors).toEqual([message]);
    }
  });

  it("passes Django's own refusal through, with its message", async () => {
    const body = {
      status: 408,
      errors: [{ code: "deadline_exceeded", message: "The server took too long to answer." }],
    };
    const result = await callWithDeadline(async () => ({
      error: body,
      response: new Response(JSON.stringify(body), { status: 408 }),
    }));
    expect(result).toMatchObject({ ok: false, status: 408, errors: body.errors });
  });
});
