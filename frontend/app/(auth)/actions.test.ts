import { beforeEach, describe, expect, it, vi } from "vitest";
import { emptyFormState } from "@/lib/form-state";

const api = {
  apiLogin: vi.fn(),
  apiRegister: vi.fn(),
  apiVerifyEmail: vi.fn(),
  apiConfirmEmailChange: vi.fn(),
  apiConfirmPasswordReset: vi.fn(),
  apiResendPasswordReset: vi.fn(),
};
vi.mock("@/lib/api/client", () => api);

const mfaApi = {
  apiLoginMfa: vi.fn(),
  apiLoginMfaOptions: vi.fn(),
  apiPasskeyLogin: vi.fn(),
  apiPasskeyLoginOptions: vi.fn(),
  isMfaChallenge: (answer: object) => "mfa_required" in answer,
};
vi.mock("@/lib/api/mfa", () => mfaApi);

const session = {
  getClientContext: vi.fn(async () => ({ forwardedFor: null, userAgent: "test" })),
  getRefreshToken: vi.fn<() => Promise<string | null>>(),
  holdsSession: vi.fn<() => Promise<boolean>>(),
  setSessionTokens: vi.fn(),
  forgetCurrentUser: vi.fn(),
  getPendingSignIn: vi.fn<() => Promise<string | null>>(),
  setPendingSignIn: vi.fn(),
  clearPendingSignIn: vi.fn(),
  takePasskeyChallenge: vi.fn<(challenge: string) => Promise<string | null>>(),
  addPasskeyChallenge: vi.fn(),
};
vi.mock("@/lib/session", () => session);

class Redirect extends Error {}
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
}));

const {
  confirmEmailChange,
  login,
  passkeySignIn,
  passkeySignInOptions,
  resendPasswordReset,
  resetPassword,
  secondFactorPasskeyOptions,
  signup,
  verifyEmail,
  verifySecondFactor,
  verifySecondFactorPasskey,
} = await import("./actions");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const tokens = { access: "new-access", refresh: "new-refresh" };

beforeEach(() => {
  for (const mock of [
    ...Object.values(api),
    mfaApi.apiLoginMfa,
    mfaApi.apiLoginMfaOptions,
    mfaApi.apiPasskeyLogin,
    mfaApi.apiPasskeyLoginOptions,
    session.setSessionTokens,
    session.setPendingSignIn,
    session.clearPendingSignIn,
    session.addPasskeyChallenge,
  ])
    mock.mockReset();
  session.getPendingSignIn.mockResolvedValue("mfa-token");
  session.takePasskeyChallenge.mockImplementation(async (challenge) =>
    challenge === "abc" ? "challenge-token" : null,
  );
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
      // The sign-in's user goes along, so the next page need not ask for it.
      stored: [tokens, {}],
    },
    {
      name: "signup",
      call: () => signup(emptyFormState, form({ ...credentials, name: "Ada" })),
      mock: api.apiRegister,
      body: { ...credentials, name: "Ada" },
      answer: { ok: true, status: 201, data: { ...tokens, user: {} } },
      stored: [tokens],
    },
  ];

  it.each(cases)("$name sends the held refresh token to the API", async (c) => {
    session.getRefreshToken.mockResolvedValue("held-refresh");
    c.mock.mockResolvedValue(c.answer);

    await expect(c.call()).rejects.toThrow(Redirect);

    expect(c.mock).toHaveBeenCalledWith(c.body, "held-refresh", expect.anything());
    expect(session.setSessionTokens).toHaveBeenCalledWith(...c.stored);
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
      session.forgetCurrentUser.mockClear();
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
      // The link may have changed the user this browser shows: the next page asks the API.
      expect(session.forgetCurrentUser).toHaveBeenCalled();
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

  const expired = (param: string) => ({
    ok: false,
    status: 400,
    errors: [{ code: "expired_key", message: "This link has expired.", param }],
    retryAfter: null,
  });

  it.each([
    {
      action: "confirmEmailChange",
      next: { href: "/settings#email", label: "Request the change again" },
    },
    { action: "verifyEmail", next: undefined },
  ] as const)(
    "$action: an expired key says so, with the way to ask again",
    async ({ action, next }) => {
      apis[action].mockResolvedValue(expired("key"));

      const state = await actions[action](emptyFormState, form({ key: "old" }));

      expect(state.done).toBe(true);
      expect(state.formErrors).toEqual([expect.stringContaining("This link has expired.")]);
      expect(state.nextStep).toEqual(next);
    },
  );

  it("resetPassword: an expired link ends the form and offers a new one", async () => {
    api.apiConfirmPasswordReset.mockResolvedValue(expired("token"));
    const link = { uid: "MQ", token: "old-token" };

    const state = await resetPassword(
      emptyFormState,
      form({ ...link, new_password: "violet harbour kettle 77" }),
    );

    expect(state).toMatchObject({ done: true, expired: true });
    expect(state.formErrors).toEqual([expect.stringContaining("This link has expired.")]);
  });

  it.each([
    {
      name: "a new link is sent",
      answer: { ok: true, status: 202, data: { detail: "sent" } },
      expected: {
        done: true,
        formErrors: [],
        message: expect.stringContaining("We sent a new reset link"),
      },
    },
    {
      name: "a refused link leads to the forgot form",
      answer: {
        ok: false,
        status: 400,
        errors: [{ code: "invalid_token", message: "No.", param: "token" }],
        retryAfter: null,
      },
      expected: {
        done: true,
        formErrors: ["This reset link is invalid, expired or already used."],
      },
    },
  ])("resendPasswordReset: $name", async ({ answer, expected }) => {
    api.apiResendPasswordReset.mockResolvedValue(answer);

    const state = await resendPasswordReset(emptyFormState, form({ uid: "MQ", token: "old" }));

    expect(api.apiResendPasswordReset).toHaveBeenCalledWith(
      { uid: "MQ", token: "old" },
      expect.anything(),
    );
    expect(state).toMatchObject(expected);
  });

  it("resendPasswordReset: a link without its token never reaches the API", async () => {
    const state = await resendPasswordReset(emptyFormState, form({ uid: "MQ", token: "" }));

    expect(state.formErrors).toEqual(["This reset link is invalid, expired or already used."]);
    expect(api.apiResendPasswordReset).not.toHaveBeenCalled();
  });

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

const credential = {
  id: "cred",
  rawId: "cred",
  type: "public-key",
  response: {
    clientDataJSON: Buffer.from(JSON.stringify({ challenge: "abc" })).toString("base64url"),
    authenticatorData: "AA",
    signature: "AA",
  },
  clientExtensionResults: {},
} as const;

const mfaTokenInvalid = {
  ok: false,
  status: 401,
  errors: [{ code: "mfa_token_invalid", message: "Expired.", param: "mfa_token" }],
  retryAfter: null,
};

async function redirectTarget(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Redirect) return error.message;
    throw error;
  }
  throw new Error("expected a redirect");
}

describe("login with a second factor", () => {
  const credentials = { email: "ada@example.com", password: "correct horse battery staple" };

  it("keeps the mfa_token in the cookie, stores no tokens and asks for the second factor", async () => {
    api.apiLogin.mockResolvedValue({
      ok: true,
      status: 200,
      data: { mfa_required: true, mfa_token: "secret-mfa", methods: ["totp", "passkey"] },
    });

    const state = await login(emptyFormState, form(credentials));

    expect(session.setPendingSignIn).toHaveBeenCalledWith("secret-mfa");
    expect(session.setSessionTokens).not.toHaveBeenCalled();
    expect(state.mfa).toEqual({ methods: ["totp", "passkey"] });
    expect(JSON.stringify(state)).not.toContain("secret-mfa");
    expect(state.values).toEqual({ email: credentials.email });
  });

  it("a code signs in, forgets the attempt and returns to the requested page", async () => {
    mfaApi.apiLoginMfa.mockResolvedValue({ ok: true, status: 200, data: { ...tokens, user: {} } });
    session.getRefreshToken.mockResolvedValue("held-refresh");

    const target = await redirectTarget(
      verifySecondFactor(
        emptyFormState,
        form({ method: "totp", code: "123 456", next: "/settings/security" }),
      ),
    );

    expect(target).toBe("/settings/security");
    expect(mfaApi.apiLoginMfa).toHaveBeenCalledWith(
      "mfa-token",
      { code: "123456" },
      "held-refresh",
      expect.anything(),
    );
    expect(session.setSessionTokens).toHaveBeenCalledWith(tokens, {});
    expect(session.clearPendingSignIn).toHaveBeenCalled();
  });

  it("an off-site next after the second step lands on the dashboard", async () => {
    mfaApi.apiLoginMfa.mockResolvedValue({ ok: true, status: 200, data: { ...tokens, user: {} } });
    const target = await redirectTarget(
      verifySecondFactor(
        emptyFormState,
        form({
          method: "recovery_code",
          recovery_code: " ABCD-efgh-jkmn ",
          next: "//evil.example",
        }),
      ),
    );
    expect(target).toBe("/dashboard");
    expect(mfaApi.apiLoginMfa).toHaveBeenCalledWith(
      "mfa-token",
      { recovery_code: "abcd-efgh-jkmn" },
      null,
      expect.anything(),
    );
  });

  it("a malformed code never reaches the API", async () => {
    const state = await verifySecondFactor(emptyFormState, form({ method: "totp", code: "12ab" }));
    expect(state.fieldErrors.code).toEqual(["Enter the 6-digit code from your authenticator app."]);
    expect(mfaApi.apiLoginMfa).not.toHaveBeenCalled();
  });

  it("a wrong code is shown next to the field and the attempt goes on", async () => {
    mfaApi.apiLoginMfa.mockResolvedValue({
      ok: false,
      status: 400,
      errors: [{ code: "invalid_code", message: "Incorrect code.", param: "code" }],
      retryAfter: null,
    });
    const state = await verifySecondFactor(
      emptyFormState,
      form({ method: "totp", code: "000000" }),
    );
    expect(state.fieldErrors.code).toEqual(["Incorrect code."]);
    expect(state.expired).toBeFalsy();
    expect(session.clearPendingSignIn).not.toHaveBeenCalled();
  });

  it.each([
    [
      "the backend says the attempt is over",
      () => mfaApi.apiLoginMfa.mockResolvedValue(mfaTokenInvalid),
    ],
    ["the cookie is gone", () => session.getPendingSignIn.mockResolvedValue(null)],
  ])("sends the user back to the password step when %s", async (_case, arrange) => {
    arrange();
    const state = await verifySecondFactor(
      emptyFormState,
      form({ method: "totp", code: "123456" }),
    );
    expect(state.expired).toBe(true);
    expect(state.formErrors).toEqual(["This sign-in attempt has expired. Please log in again."]);
    expect(session.setSessionTokens).not.toHaveBeenCalled();
  });

  it("a passkey as second factor: options need the attempt, the answer signs in", async () => {
    mfaApi.apiLoginMfaOptions.mockResolvedValue({
      ok: true,
      status: 200,
      data: { options: { challenge: "abc" } },
    });
    expect(await secondFactorPasskeyOptions()).toEqual({ ok: true, options: { challenge: "abc" } });

    mfaApi.apiLoginMfaOptions.mockResolvedValue(mfaTokenInvalid);
    expect(await secondFactorPasskeyOptions()).toMatchObject({ ok: false, expired: true });

    mfaApi.apiLoginMfa.mockResolvedValue({ ok: true, status: 200, data: { ...tokens, user: {} } });
    expect(await redirectTarget(verifySecondFactorPasskey(credential, "/settings"))).toBe(
      "/settings",
    );
    expect(mfaApi.apiLoginMfa).toHaveBeenCalledWith(
      "mfa-token",
      { credential },
      null,
      expect.anything(),
    );
  });
});

describe("passwordless passkey sign-in", () => {
  it("keeps the challenge server-side and hands only the options to the page", async () => {
    mfaApi.apiPasskeyLoginOptions.mockResolvedValue({
      ok: true,
      status: 200,
      data: { options: { challenge: "abc" }, challenge_token: "challenge-secret" },
    });
    const result = await passkeySignInOptions();
    expect(result).toEqual({ ok: true, options: { challenge: "abc" } });
    expect(session.addPasskeyChallenge).toHaveBeenCalledWith("abc", "challenge-secret");
  });

  it("signs in with the stored challenge and returns to next", async () => {
    mfaApi.apiPasskeyLogin.mockResolvedValue({
      ok: true,
      status: 200,
      data: { ...tokens, user: {} },
    });
    expect(await redirectTarget(passkeySignIn(credential, "/settings/security"))).toBe(
      "/settings/security",
    );
    expect(mfaApi.apiPasskeyLogin).toHaveBeenCalledWith(
      "challenge-token",
      credential,
      null,
      expect.anything(),
    );
    expect(session.setSessionTokens).toHaveBeenCalledWith(tokens, {});
  });

  it("an answer to a challenge this browser no longer holds asks to try again", async () => {
    session.takePasskeyChallenge.mockResolvedValue(null);
    const state = await passkeySignIn(credential, null);
    expect(state.formErrors).toEqual(["This passkey request has expired. Please try again."]);
    expect(mfaApi.apiPasskeyLogin).not.toHaveBeenCalled();
  });

  it("refuses what is not a WebAuthn assertion before calling the API", async () => {
    const state = await passkeySignIn({ id: "x" } as never, null);
    expect(state.formErrors).toEqual(["The passkey could not be used. Please try again."]);
    expect(mfaApi.apiPasskeyLogin).not.toHaveBeenCalled();
  });
});
