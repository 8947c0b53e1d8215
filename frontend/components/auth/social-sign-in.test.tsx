// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { SocialSignIn } from "./social-sign-in";

const providers = [
  { id: "corp", label: "Corp SSO" },
  { id: "github", label: "GitHub" },
];

describe("SocialSignIn", () => {
  it("renders nothing when no provider is configured", () => {
    const { container } = render(<SocialSignIn providers={[]} next="/settings" />);
    expect(container).toBeEmptyDOMElement();
  });

  it.each([
    ["with next", "/settings/sessions", "/settings/sessions"],
    ["without next", null, null],
  ])("posts a plain form per provider to its start handler, %s", (_label, next, expected) => {
    render(<SocialSignIn providers={providers} next={next} />);
    for (const { id, label } of providers) {
      const button = screen.getByRole("button", { name: `Continue with ${label}` });
      const form = button.closest("form");
      expect(form).toHaveAttribute("method", "post");
      expect(form).toHaveAttribute("action", `/auth/social/${id}/start`);
      const data = new FormData(form as HTMLFormElement);
      expect(data.get("intent")).toBe("login");
      expect(data.get("next")).toBe(expected);
    }
  });
});
