import { beforeEach, describe, expect, it, vi } from "vitest";
import { emptyFormState } from "@/lib/form-state";

const api = {
  apiLogin: vi.fn(),
  apiRegister: vi.fn(),
  apiVerifyEmail: vi.fn(),
  apiConfirmEmailChange: vi.fn(),
};
vi.mock("@/lib/api/client", () => api);

const session = {
  getClientContext: vi.fn(async () => ({ forwardedFor: null, userAgent: "test" })),
  getRefreshToken: vi.fn<() => Promise<string | null>>(),
  holdsSession: vi.fn<() => Promise<boolean>>(),
  setSessionTokens: vi.fn(),
};
vi.mock("@/lib/session", () => session);

class Redirect extends Error {}
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
}));

const { confirmEmailChange, login, signup, verifyEmail } = await import("./actions");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const tokens = { access: "new-access", refresh: "new-refresh" };

beforeEach(() => {
  for (const mock of [...Object.values(api), session.setSessionTokens]) mock.mockReset();
  session.getRefreshToken.mockResolvedValue(null);
  session.holdsSession.mockResolvedValue(false);
});

describe("login and signup end the session this browser already holds", () => {
  const credentials = { email: "ada@example.com", password: "correct horse battery staple" };
  const cases = [
    {
      name: "login",
      call: () => login(emptyFormState, form(credentials)),
      mock: api.apiLogin,
      body: credentials,
      answer: { ok: true, status: 200, data: { ...tokens, user: {} } },
    },
    {
      name: "signup",
      call: () => signup(emptyFormState, form({ ...credentials, name: "Ada" })),
      mock: api.apiRegister,
      body: { ...credentials, name: "Ada" },
      answer: { ok: true, status: 201, data: { ...tokens, user: {} } },
    },
  ];

  it.each(cases)("$name sends the held refresh token to the API", async (c) => {
    session.getRefreshToken.mockResolvedValue("held-refresh");
    c.mock.mockResolvedValue(c.answer);

    await expect(c.call()).rejects.toThrow(Redirect);

    expect(c.mock).toHaveBeenCalledWith(c.body, "held-refresh", expect.anything());
    expect(session.setSessionTokens).toHaveBeenCalledWith(tokens);
  });

  it.each(cases)("$name sends none when the browser holds none", async (c) => {
    c.mock.mockResolvedValue(c.answer);

    await expect(c.call()).rejects.toThrow(Redirect);

    expect(c.mock).toHaveBeenCalledWith(c.body, null, expect.anything());
  });
});

describe("emailed links", () => {
  const actions = { verifyEmail, confirmEmailChange };
  const apis = { verifyEmail: api.apiVerifyEmail, confirmEmailChange: api.apiConfirmEmailChange };

  const dashboard = { href: "/dashboard", label: "Go to your dashboard" };
  const logIn = { href: "/login", label: "Log in" };
  const verified = "Your email address is verified.";
  const alreadyVerified = "Your email address is already verified.";
  it.each([
    {
      action: "verifyEmail",
      outcome: "verified",
      signedIn: true,
      message: verified,
      next: dashboard,
    },
    { action: "verifyEmail", outcome: "verified", signedIn: false, message: verified, next: logIn },
    {
      action: "verifyEmail",
      outcome: "already_verified",
      signedIn: true,
      message: alreadyVerified,
      next: dashboard,
    },
    {
      action: "verifyEmail",
      outcome: "already_verified",
      signedIn: false,
      message: alreadyVerified,
      next: logIn,
    },
    {
      action: "confirmEmailChange",
      outcome: "email_changed",
      signedIn: true,
      message: "Your email address has been changed. Every device was signed out",
      next: logIn,
    },
    {
      action: "confirmEmailChange",
      outcome: "already_changed",
      signedIn: false,
      message: "Your email address has already been changed. Log in with your new address.",
      next: logIn,
    },
  ] as const)(
    "$action: $outcome (signed in: $signedIn) says so and offers $next.label",
    async ({ action, outcome, signedIn, message, next }) => {
      session.holdsSession.mockResolvedValue(signedIn);
      apis[action].mockResolvedValue({
        ok: true,
        status: 200,
        data: { outcome, detail: "from the API" },
      });

      const state = await actions[action](emptyFormState, form({ key: "a-key" }));

      expect(apis[action]).toHaveBeenCalledWith({ key: "a-key" }, expect.anything());
      expect(state.done).toBe(true);
      expect(state.formErrors).toEqual([]);
      expect(state.message).toContain(message);
      expect(state.nextStep).toEqual(next);
    },
  );

  it.each(["verifyEmail", "confirmEmailChange"] as const)(
    "%s: a forged, expired or superseded key shows the API's message and ends the form",
    async (action) => {
      apis[action].mockResolvedValue({
        ok: false,
        status: 400,
        errors: [
          { code: "invalid_key", message: "This link is invalid or has expired.", param: "key" },
        ],
        retryAfter: null,
      });

      const state = await actions[action](emptyFormState, form({ key: "forged" }));

      expect(state).toMatchObject({
        done: true,
        formErrors: ["This link is invalid or has expired."],
      });
      expect(state.nextStep).toBeUndefined();
    },
  );

  it.each(["verifyEmail", "confirmEmailChange"] as const)(
    "%s: a missing key never reaches the API",
    async (action) => {
      const state = await actions[action](emptyFormState, form({ key: "" }));
      expect(state.formErrors).toEqual(["This link is invalid, expired or already used."]);
      expect(apis[action]).not.toHaveBeenCalled();
    },
  );

  it("keeps the form when the API cannot be reached, so the user can try again", async () => {
    api.apiVerifyEmail.mockResolvedValue({
      ok: false,
      status: 0,
      errors: [{ code: "unreachable", message: "The backend could not be reached." }],
      retryAfter: null,
    });
    const state = await verifyEmail(emptyFormState, form({ key: "a-key" }));
    expect(state.done).toBeFalsy();
    expect(state.formErrors.length).toBeGreaterThan(0);
  });
});
