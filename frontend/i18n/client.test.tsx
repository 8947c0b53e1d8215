// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import compile from "icu-minify/compile";
import type { ReactNode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";

// vitest.setup.ts replaces this module for component tests; here it is the subject.
const { IntlMessagesProvider, useTranslations } =
  await vi.importActual<typeof import("./client")>("./client");

// As the build hands them over: compiled (next.config.ts precompiles messages/*.json).
const messages = {
  login: {
    submit: compile("Log in"),
    pending: compile("Logging in {name}…"),
  },
  recoveryCodes: {
    left: compile(
      "{remaining, number} of {total, plural, one {# recovery code} other {# recovery codes}} left.",
    ),
  },
  passkey: {
    added: compile("Added <b>{date}</b>, last used <b>{used}</b>"),
  },
};

function Plain() {
  const t = useTranslations("login");
  const r = useTranslations("recoveryCodes");
  return [
    t("submit"),
    t("pending", { name: "Ada" }),
    r("left", { remaining: 1234, total: 1 }),
  ].join(" | ");
}

function Left() {
  return useTranslations("recoveryCodes")("left", { remaining: 1234, total: 5 });
}

function Rich() {
  return useTranslations("passkey").rich("added", {
    b: (chunks) => <strong>{chunks}</strong>,
    date: "1 May",
    used: "today",
  });
}

function Missing() {
  const t = useTranslations("login");
  // A key the catalogue check would reject, as a page from an older build could ask for one.
  return `${t("forgotten" as never)} ${t("submit")}`;
}

function Orphan() {
  return useTranslations("login")("submit");
}

function renderIn(locale: string, children: ReactNode) {
  render(
    <IntlMessagesProvider locale={locale} messages={messages} timeZone="UTC">
      <p data-testid="out">{children}</p>
    </IntlMessagesProvider>,
  );
  return screen.getByTestId("out");
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("useTranslations in client components", () => {
  it("formats plain text, arguments, numbers and plurals in the provider's language", () => {
    expect(renderIn("en", <Plain />).textContent).toBe(
      "Log in | Logging in Ada… | 1,234 of 1 recovery code left.",
    );
  });

  it("uses the language's number format and plural rules", () => {
    expect(renderIn("de", <Left />).textContent).toBe("1.234 of 5 recovery codes left.");
  });

  it("renders rich text with elements, keyed, when a tag appears twice", () => {
    const error = vi.spyOn(console, "error");
    expect(renderIn("en", <Rich />).innerHTML).toBe(
      "Added <strong>1 May</strong>, last used <strong>today</strong>",
    );
    expect(error).not.toHaveBeenCalled();
  });

  it("shows the key and logs when a message is missing, as next-intl does", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(renderIn("en", <Missing />).textContent).toBe("login.forgotten Log in");
    expect(error).toHaveBeenCalledOnce();
  });

  it("refuses to run outside the provider", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<Orphan />)).toThrow(/IntlMessagesProvider/);
  });
});
