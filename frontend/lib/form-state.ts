export type LoginField = "email" | "password";
export type SignupField = "name" | "email" | "password";

export const LOGIN_FIELDS = ["email", "password"] as const satisfies readonly LoginField[];
export const SIGNUP_FIELDS = [
  "name",
  "email",
  "password",
] as const satisfies readonly SignupField[];

/** What a server action hands back to its form through useActionState. Passwords are never echoed back. */
export type FormState<Field extends string> = {
  fieldErrors: Partial<Record<Field, string[]>>;
  formErrors: string[];
  values: Partial<Record<Exclude<Field, "password">, string>>;
};

export const emptyFormState: FormState<never> = { fieldErrors: {}, formErrors: [], values: {} };
