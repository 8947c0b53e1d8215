"use client";

import {
  type InputHTMLAttributes,
  type ReactNode,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import { useTranslations } from "@/i18n/client";
import {
  EMAIL_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "@/lib/validations/limits";

type FormFieldProps = {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  /** Drawn over the input's end (the password toggle); the input leaves room for it. */
  adornment?: (inputId: string) => ReactNode;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id">;

const inputClass =
  "block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base text-zinc-900 shadow-xs placeholder:text-zinc-400 transition-colors focus-visible:border-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-zinc-900 aria-invalid:border-red-600 aria-invalid:focus-visible:outline-red-600 sm:text-sm";

export function FormField({ label, name, errors, hint, adornment, ...inputProps }: FormFieldProps) {
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
      <div className="relative">
        <input
          id={inputId}
          name={name}
          aria-invalid={hasError || undefined}
          aria-describedby={describedBy || undefined}
          className={adornment ? `${inputClass} pe-11` : inputClass}
          {...inputProps}
        />
        {adornment?.(inputId)}
      </div>
      {hint ? (
        <p id={hintId} className="text-sm text-zinc-600">
          {hint}
        </p>
      ) : null}
      {/* The error unfolds under its field; the auth layout is anchored at the top, so only what is below moves. */}
      {hasError ? (
        <div className="grid animate-reveal motion-reduce:animate-none">
          <p id={errorId} className="min-h-0 overflow-hidden text-sm font-medium text-red-700">
            {errors?.join(" ")}
          </p>
        </div>
      ) : null}
    </div>
  );
}

type PasswordFieldProps = Omit<FormFieldProps, "type" | "adornment">;

/**
 * A password input with a show/hide button. The button is a real button (type="button": it never submits) whose
 * name stays "Show password" while aria-pressed says whether it is on, so its name does not change under a screen
 * reader's cursor. Focus stays where it was. The input keeps its name and autocomplete token whichever way it is
 * shown, and goes back to type="password" when its form is submitted, so a password manager offering to save it
 * sees a password field and the password is not left on screen.
 */
export function PasswordField(props: PasswordFieldProps) {
  const [shown, setShown] = useState(false);
  const t = useTranslations("forms");
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const form = buttonRef.current?.closest("form");
    if (!form) return;
    const hide = () => setShown(false);
    form.addEventListener("submit", hide);
    return () => form.removeEventListener("submit", hide);
  }, []);

  return (
    <FormField
      {...props}
      type={shown ? "text" : "password"}
      // Shown as text, the password must still not be corrected, capitalised or sent to a spell-checking service.
      autoCapitalize="none"
      autoCorrect="off"
      spellCheck={false}
      adornment={(inputId) => (
        <button
          ref={buttonRef}
          type="button"
          aria-controls={inputId}
          aria-pressed={shown}
          onClick={() => setShown((value) => !value)}
          className="absolute inset-y-0 end-0 flex w-11 items-center justify-center rounded-e-lg text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-zinc-900"
        >
          <span className="sr-only">{t("showPassword")}</span>
          <EyeIcon crossed={shown} />
        </button>
      )}
    />
  );
}

function EyeIcon({ crossed }: { crossed: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      className="size-5"
    >
      <path d="M2.5 12s3.5-6.5 9.5-6.5 9.5 6.5 9.5 6.5-3.5 6.5-9.5 6.5S2.5 12 2.5 12Z" />
      <circle cx="12" cy="12" r="3" />
      {crossed ? <path d="M4 4l16 16" /> : null}
    </svg>
  );
}

type PresetFieldProps = Omit<FormFieldProps, "type" | "autoComplete" | "adornment">;

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
    <PasswordField
      autoComplete="current-password"
      maxLength={PASSWORD_MAX_LENGTH}
      required
      {...props}
    />
  );
}

/** A password being chosen: length advice only, no composition rules (ASVS 6.2.5); managers may generate it. */
export function NewPasswordField(props: PresetFieldProps) {
  const t = useTranslations("forms");
  return (
    <PasswordField
      autoComplete="new-password"
      maxLength={PASSWORD_MAX_LENGTH}
      required
      hint={t("newPasswordHint", { min: PASSWORD_MIN_LENGTH })}
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

/**
 * The account a password belongs to, for password managers, on a form that asks for a password but not for the
 * account (change password, change email): without it a manager takes the nearest text field (the new email) for
 * the username, or cannot tell which saved entry to update. Hidden and nameless: never shown, never submitted.
 */
export function AccountUsername({ value }: { value: string }) {
  return <input type="email" autoComplete="username" value={value} readOnly hidden />;
}
