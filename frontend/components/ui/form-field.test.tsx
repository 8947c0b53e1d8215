// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { FormAlert } from "./form-alert";
import { FormField } from "./form-field";

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
