import { beforeEach, describe, expect, it, vi } from "vitest";
import { emptyFormState } from "@/lib/form-state";

const api = {
  apiLogin: vi.fn(),
  apiRegister: vi.fn(),
};
vi.mock("@/lib/api/client", () => api);

const session = {
  getClientContext: vi.fn(async () => ({ forwardedFor: null, userAgent: "test" })),
  getRefreshToken: vi.fn<() => Promise<string | null>>(),
  setSessionTokens: vi.fn(),
};
vi.mock("@/lib/session", () => session);

class Redirect extends Error {}
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirect(url);
  },
}));

const { login, signup } = await import("./actions");

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const tokens = { access: "new-access", refresh: "new-refresh" };

beforeEach(() => {
  for (const mock of [...Object.values(api), session.setSessionTokens]) mock.mockReset();
  session.getRefreshToken.mockResolvedValue(null);
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
