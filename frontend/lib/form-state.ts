export type LoginField = "email" | "password";
export type SignupField = "name" | "email" | "password";
export type ForgotPasswordField = "email";
export type ResetPasswordField = "new_password";
export type ProfileField = "name";
export type ChangePasswordField = "current_password" | "new_password";
export type ChangeEmailField = "new_email" | "current_password";
export type DeleteAccountField = "current_password";

export const LOGIN_FIELDS = ["email", "password"] as const satisfies readonly LoginField[];
export const SIGNUP_FIELDS = [
  "name",
  "email",
  "password",
] as const satisfies readonly SignupField[];
export const FORGOT_PASSWORD_FIELDS = ["email"] as const satisfies readonly ForgotPasswordField[];
export const RESET_PASSWORD_FIELDS = [
  "new_password",
] as const satisfies readonly ResetPasswordField[];
export const PROFILE_FIELDS = ["name"] as const satisfies readonly ProfileField[];
export const CHANGE_PASSWORD_FIELDS = [
  "current_password",
  "new_password",
] as const satisfies readonly ChangePasswordField[];
export const CHANGE_EMAIL_FIELDS = [
  "new_email",
  "current_password",
] as const satisfies readonly ChangeEmailField[];
export const DELETE_ACCOUNT_FIELDS = [
  "current_password",
] as const satisfies readonly DeleteAccountField[];

type PasswordField = "password" | "current_password" | "new_password";

/**
 * What a server action hands back to its form through useActionState. Passwords are never echoed back.
 * `message` is the success notice; `done` tells a form whose job is over (a used link) to stop offering itself.
 */
export type FormState<Field extends string> = {
  fieldErrors: Partial<Record<Field, string[]>>;
  formErrors: string[];
  values: Partial<Record<Exclude<Field, PasswordField>, string>>;
  message?: string;
  done?: boolean;
};

export const emptyFormState: FormState<never> = { fieldErrors: {}, formErrors: [], values: {} };

/** Where a page sends the user once its job is done. */
export type NextStep = { href: string; label: string };

/** An emailed link's form: done once the key is spent, with the way on that suits what happened. */
export type EmailLinkState = FormState<never> & { nextStep?: NextStep };
