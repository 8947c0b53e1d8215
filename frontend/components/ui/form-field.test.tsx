// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FormAlert } from "./form-alert";
import { CurrentPasswordField, EmailField, FormField, NewPasswordField } from "./form-field";

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
      "Use 15 or more characters. A few unrelated words make a strong, memorable password.",
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
