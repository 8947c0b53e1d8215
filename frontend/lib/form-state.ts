import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/browser";
import type { MfaMethod } from "@/lib/mfa";

export type LoginField = "email" | "password";
export type SignupField = "name" | "email" | "password";
export type ForgotPasswordField = "email";
export type ResetPasswordField = "new_password";
export type ProfileField = "name";
export type ChangePasswordField = "current_password" | "new_password";
export type ChangeEmailField = "new_email" | "current_password";
export type DeleteAccountField = "current_password";
export type SecondStepField = "code" | "recovery_code";
export type ReauthField = "password" | "code" | "recovery_code";
export type TotpConfirmField = "code";
export type PasskeyNameField = "name";

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

export const SECOND_STEP_FIELDS = [
  "code",
  "recovery_code",
] as const satisfies readonly SecondStepField[];
export const REAUTH_FIELDS = [
  "password",
  "code",
  "recovery_code",
] as const satisfies readonly ReauthField[];

// One-time codes are secrets as much as passwords are: never echoed back either.
type PasswordField = "password" | "current_password" | "new_password" | "code" | "recovery_code";

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

/** The reset form's state; `expired`: the link was genuine but too old, and the page offers a new one. */
export type ResetPasswordState = FormState<ResetPasswordField> & { expired?: boolean };

/** The backend's code for a genuine emailed link opened after its lifetime (accounts.flows._common.ExpiredKeyError). */
export const EXPIRED_LINK_CODE = "expired_key";

/** The password step's state; `mfa` says the password was right and a second factor is due. */
export type LoginState = FormState<LoginField> & { mfa?: { methods: MfaMethod[] } };

/** The second step's state; `expired` sends the user back to the password step. */
export type SecondStepState = FormState<SecondStepField> & { expired?: boolean };

/** WebAuthn options for the page to hand to the browser, or why there are none. */
export type PasskeyOptionsResult<
  Options = PublicKeyCredentialRequestOptionsJSON | PublicKeyCredentialCreationOptionsJSON,
> = { ok: true; options: Options } | { ok: false; formErrors: string[]; expired?: boolean };

/**
 * What a sensitive action hands back: done, refused until the user proves who they are again (the page opens
 * the step-up dialog and retries), or failed with errors for its form.
 */
export type StepUpResult<T, Field extends string = never> =
  | { kind: "done"; data: T }
  | { kind: "reauth" }
  | { kind: "failed"; fieldErrors: Partial<Record<Field, string[]>>; formErrors: string[] };
