// @vitest-environment jsdom
import { fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { FormAlert } from "./form-alert";
import {
  AccountUsername,
  CurrentPasswordField,
  EmailField,
  FormField,
  NewPasswordField,
} from "./form-field";

describe("FormField", () => {
  it("labels the input and links its error and hint for assistive technology", () => {
    render(
      <FormField
        label="Email"
        name="email"
        type="email"
        hint="We never share it."
        errors={["A user with that email already exists."]}
      />,
    );
    const input = screen.getByLabelText("Email");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription(
      "A user with that email already exists. We never share it.",
    );
  });

  it("is not marked invalid without errors", () => {
    render(<FormField label="Password" name="password" type="password" />);
    const input = screen.getByLabelText("Password");
    expect(input).not.toHaveAttribute("aria-invalid");
    expect(input).not.toHaveAttribute("aria-describedby");
  });
});

describe("FormAlert", () => {
  it("renders messages inside one alert region", () => {
    render(<FormAlert messages={["Invalid email or password."]} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Invalid email or password.");
  });
});

describe("preset fields", () => {
  it("password fields stay masked, pasteable, and tell password managers which password they hold", () => {
    render(
      <>
        <CurrentPasswordField label="Current password" name="current_password" />
        <NewPasswordField label="New password" name="new_password" />
      </>,
    );
    const current = screen.getByLabelText("Current password");
    const chosen = screen.getByLabelText("New password");
    expect(current).toHaveAttribute("type", "password");
    expect(current).toHaveAttribute("autocomplete", "current-password");
    expect(chosen).toHaveAttribute("type", "password");
    expect(chosen).toHaveAttribute("autocomplete", "new-password");
    expect(chosen).toHaveAccessibleDescription(
      "At least 8 characters. A few unrelated words make a strong, memorable password.",
    );
    expect(chosen).not.toHaveAttribute("pattern");
  });

  it("email fields use the email keyboard and the backend's length limit", () => {
    render(<EmailField label="Email" name="email" />);
    const email = screen.getByLabelText("Email");
    expect(email).toHaveAttribute("type", "email");
    expect(email).toHaveAttribute("autocomplete", "email");
    expect(email).toHaveAttribute("maxlength", "254");
  });
});

describe("password visibility toggle", () => {
  it.each([
    ["current", CurrentPasswordField, "current-password"],
    ["new", NewPasswordField, "new-password"],
  ] as const)(
    "the %s password field shows and hides its value with a pressed button",
    (_, Field, token) => {
      const onSubmit = vi.fn((event: Event) => event.preventDefault());
      render(
        <form onSubmit={(event) => onSubmit(event.nativeEvent)}>
          <Field label="Password" name="password" />
        </form>,
      );
      const input = screen.getByLabelText("Password");
      const toggle = screen.getByRole("button", { name: "Show password" });
      expect(toggle).toHaveAttribute("type", "button");
      expect(toggle).toHaveAttribute("aria-pressed", "false");
      expect(toggle).toHaveAttribute("aria-controls", input.id);

      toggle.focus();
      fireEvent.click(toggle);
      expect(input).toHaveAttribute("type", "text");
      expect(toggle).toHaveAttribute("aria-pressed", "true");
      // Shown or not, it is the same field to the form and to a password manager, and focus stays on the button.
      expect(input).toHaveAttribute("name", "password");
      expect(input).toHaveAttribute("autocomplete", token);
      expect(input).toHaveAttribute("spellcheck", "false");
      expect(toggle).toHaveFocus();
      expect(onSubmit).not.toHaveBeenCalled();

      fireEvent.click(toggle);
      expect(input).toHaveAttribute("type", "password");
      expect(toggle).toHaveAttribute("aria-pressed", "false");
    },
  );

  it("masks the password again when the form is submitted", () => {
    render(
      <form onSubmit={(event) => event.preventDefault()}>
        <CurrentPasswordField label="Password" name="password" />
      </form>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Show password" }));
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "text");
    fireEvent.submit(screen.getByLabelText("Password").closest("form") as HTMLFormElement);
    expect(screen.getByLabelText("Password")).toHaveAttribute("type", "password");
  });

  it("each field has its own toggle", () => {
    render(
      <>
        <CurrentPasswordField label="Current password" name="current_password" />
        <NewPasswordField label="New password" name="new_password" />
      </>,
    );
    fireEvent.click(screen.getAllByRole("button", { name: "Show password" })[0] as HTMLElement);
    expect(screen.getByLabelText("Current password")).toHaveAttribute("type", "text");
    expect(screen.getByLabelText("New password")).toHaveAttribute("type", "password");
  });
});

describe("AccountUsername", () => {
  it("tells password managers the account without being shown or submitted", () => {
    const { container } = render(
      <form>
        <AccountUsername value="ada@example.com" />
      </form>,
    );
    const input = container.querySelector("input") as HTMLInputElement;
    expect(input).toHaveAttribute("autocomplete", "username");
    expect(input).toHaveValue("ada@example.com");
    expect(input).not.toBeVisible();
    expect(input).not.toHaveAttribute("name");
  });
});
