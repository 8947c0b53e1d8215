import { z } from "zod";

import {
  codePointLength,
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_TOO_LONG_MESSAGE,
  PASSWORD_TOO_SHORT_MESSAGE,
} from "./limits";

// Obvious mistakes are caught before a round trip; the backend stays authoritative.
export { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

// The backend decides an address's canonical form (IDNA for the domain, so `ann@bücher.example` is fine); this
// only catches what it would surely refuse. zod's own z.email() is ASCII-only and would turn IDN addresses away.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_FORBIDDEN = /[\s@\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u;
const DOT = /[.\u3002\uff0e\uff61]/;

export function emailLooksDeliverable(value: string): boolean {
  const at = value.lastIndexOf("@");
  // NFC as the backend does: a KELVIN SIGN is a K; anything else non-ASCII before the @ cannot be delivered.
  const local = value.slice(0, at).normalize("NFC");
  const domain = value.slice(at + 1);
  if (at < 1 || local.length > 64 || !LOCAL_PART.test(local) || DOMAIN_FORBIDDEN.test(domain))
    return false;
  const labels = domain.split(DOT);
  if (labels.length > 1 && labels[labels.length - 1] === "") labels.pop(); // the DNS root: `example.com.`
  return labels.every((label) => label !== "" && !label.startsWith("-") && !label.endsWith("-"));
}

const email = z
  .string({ error: "validation.emailRequired" })
  .trim()
  .min(1, { message: "validation.emailRequired", abort: true })
  // Counted in code points after NFC: the backend's limit applies to the encoded form, which is never shorter.
  .refine((value) => [...value.normalize("NFC")].length <= EMAIL_MAX_LENGTH, {
    message: "validation.emailTooLong",
    abort: true,
  })
  .refine(emailLooksDeliverable, "validation.emailInvalid");

// Mirrors accounts.validators.name_validate: one line of visible text. Controls, line breaks, bidi and other
// format characters, private use, unassigned code points and invisible fillers are refused; variation selectors
// (the emoji form of a heart) are not format characters and pass.
const NAME_FORBIDDEN =
  /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]|\u034f|\u17b4|\u17b5/u;
export const NAME_MAX_MARK_RUN = 4;
const MARK_FLOOD = new RegExp(`\\p{M}{${NAME_MAX_MARK_RUN + 1},}`, "u");

export function nameIsPlainText(value: string): boolean {
  const normalized = value.normalize("NFC");
  return !NAME_FORBIDDEN.test(normalized) && !MARK_FLOOD.test(normalized);
}

const name = z
  .string({ error: "validation.nameRequired" })
  .trim()
  .min(1, { message: "validation.nameRequired", abort: true })
  // Code points after NFC, as the backend counts: an emoji is one character, not two UTF-16 units.
  .refine((value) => [...value.normalize("NFC")].length <= NAME_MAX_LENGTH, {
    message: "validation.nameTooLong",
    abort: true,
  })
  .refine(nameIsPlainText, "validation.namePlainText");

// A password is never trimmed, and its length is counted in code points as Django's validators count it: with
// UTF-16 units, "😀😀😀😀" would pass here as 8 and be refused there as 4.
const notTooLong = (value: string) => codePointLength(value) <= PASSWORD_MAX_LENGTH;

/** A password being chosen: the backend's length rule (accounts.validators.PasswordLengthValidator), same words. */
function passwordToChoose(missing: string) {
  return z
    .string({ error: missing })
    .refine((value) => codePointLength(value) >= PASSWORD_MIN_LENGTH, {
      message: PASSWORD_TOO_SHORT_MESSAGE,
      abort: true,
    })
    .refine(notTooLong, PASSWORD_TOO_LONG_MESSAGE);
}

/** A password the user already has: only presence. A length rule here would hint at which passwords can exist. */
export function passwordHeld(missing: string) {
  return z
    .string({ error: missing })
    .min(1, { message: missing, abort: true })
    .refine(notTooLong, PASSWORD_TOO_LONG_MESSAGE);
}

export const loginSchema = z.object({
  email,
  password: passwordHeld("validation.passwordRequired"),
});

export const signupSchema = z.object({
  name,
  email,
  password: passwordToChoose("validation.choosePassword"),
});

export type LoginInput = z.infer<typeof loginSchema>;
export type SignupInput = z.infer<typeof signupSchema>;

// ---- Account lifecycle ------------------------------------------------------------------------------------------

const newPassword = passwordToChoose("validation.newPasswordRequired");

const currentPassword = passwordHeld("validation.currentPasswordRequired");

// Keys, uids and tokens come from emailed links; their meaning is the backend's business.
const linkPart = (max: number) =>
  z.string().trim().min(1, "validation.linkInvalid").max(max, "validation.linkInvalid");

export const forgotPasswordSchema = z.object({ email });

export const resetLinkSchema = z.object({ uid: linkPart(64), token: linkPart(128) });

export const resetPasswordSchema = resetLinkSchema.extend({ new_password: newPassword });

export const emailKeySchema = z.object({ key: linkPart(1024) });

export const profileSchema = z.object({
  name,
});

export const changePasswordSchema = z.object({
  current_password: currentPassword,
  new_password: newPassword,
});

export const changeEmailSchema = z.object({
  new_email: email,
  current_password: currentPassword,
});

export const deleteAccountSchema = z.object({ current_password: currentPassword });
