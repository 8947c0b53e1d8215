import { type InputHTMLAttributes, useId } from "react";
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from "@/lib/validations/limits";

type FormFieldProps = {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

export function FormField({ label, name, errors, hint, ...inputProps }: FormFieldProps) {
  // Unique per instance: one page may hold several forms with a field of the same name.
  const inputId = `field-${name}-${useId()}`;
  const errorId = `${inputId}-error`;
  const hintId = `${inputId}-hint`;
  const hasError = Boolean(errors?.length);
  const describedBy = [hasError ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ");

  return (
    <div className="space-y-1.5">
      <label htmlFor={inputId} className="block text-sm font-medium text-zinc-900">
        {label}
      </label>
      <input
        id={inputId}
        name={name}
        aria-invalid={hasError || undefined}
        aria-describedby={describedBy || undefined}
        className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base text-zinc-900 shadow-xs placeholder:text-zinc-400 transition-colors focus-visible:border-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-zinc-900 aria-invalid:border-red-600 aria-invalid:focus-visible:outline-red-600 sm:text-sm"
        {...inputProps}
      />
      {hint ? (
        <p id={hintId} className="text-sm text-zinc-600">
          {hint}
        </p>
      ) : null}
      {hasError ? (
        <p id={errorId} className="text-sm font-medium text-red-700">
          {errors?.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

type PresetFieldProps = Omit<FormFieldProps, "type" | "autoComplete">;

/** An email input as every form wants it: email keyboard and autofill, no spell-check, the backend's length. */
export function EmailField(props: PresetFieldProps) {
  return (
    <FormField
      type="email"
      autoComplete="email"
      inputMode="email"
      spellCheck={false}
      maxLength={EMAIL_MAX_LENGTH}
      required
      {...props}
    />
  );
}

/** The password the user has now: password managers fill it in (autocomplete="current-password"). */
export function CurrentPasswordField(props: PresetFieldProps) {
  return (
    <FormField
      type="password"
      autoComplete="current-password"
      maxLength={PASSWORD_MAX_LENGTH}
      required
      {...props}
    />
  );
}

/** A password being chosen: length advice only, no composition rules (ASVS 6.2.5); managers may generate it. */
export function NewPasswordField(props: PresetFieldProps) {
  return (
    <FormField
      type="password"
      autoComplete="new-password"
      maxLength={PASSWORD_MAX_LENGTH}
      required
      hint="Use 15 or more characters. A few unrelated words make a strong, memorable password."
      {...props}
    />
  );
}

/** A code from an authenticator app: the numeric keypad, and the OS may offer a code it just received. */
export function OneTimeCodeField(props: PresetFieldProps) {
  return (
    <FormField
      type="text"
      autoComplete="one-time-code"
      inputMode="numeric"
      spellCheck={false}
      maxLength={12}
      required
      {...props}
    />
  );
}

/** A recovery code: typed from paper, so no autofill, no capitalisation and no spelling fixes. */
export function RecoveryCodeField(props: PresetFieldProps) {
  return (
    <FormField
      type="text"
      autoComplete="off"
      autoCapitalize="none"
      spellCheck={false}
      maxLength={64}
      required
      {...props}
    />
  );
}
