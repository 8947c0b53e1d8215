import { z } from "zod";

import {
  EMAIL_MAX_LENGTH,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "./limits";

// Obvious mistakes are caught before a round trip; the backend stays authoritative.
export { EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

const email = z
  .string({ error: "Enter your email." })
  .trim()
  .min(1, "Enter your email.")
  .max(EMAIL_MAX_LENGTH, `Email must be at most ${EMAIL_MAX_LENGTH} characters.`)
  .pipe(z.email("Enter a valid email address."));

export const loginSchema = z.object({
  email,
  // Only presence is checked at login: a length rule here would hint at which passwords can exist.
  password: z
    .string({ error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`),
});

export const signupSchema = z.object({
  name: z
    .string({ error: "Enter your name." })
    .trim()
    .min(1, "Enter your name.")
    .max(NAME_MAX_LENGTH, `Name must be at most ${NAME_MAX_LENGTH} characters.`),
  email,
  password: z
    .string({ error: "Enter a password." })
    .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`),
});

export type LoginInput = z.infer<typeof loginSchema>;
export type SignupInput = z.infer<typeof signupSchema>;

// ---- Account lifecycle ------------------------------------------------------------------------------------------

const newPassword = z
  .string({ error: "Enter a new password." })
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`);

const currentPassword = z
  .string({ error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters.`);

// Keys, uids and tokens come from emailed links; their meaning is the backend's business.
const linkPart = (max: number) => z.string().trim().min(1).max(max);

export const forgotPasswordSchema = z.object({ email });

export const resetPasswordSchema = z.object({
  uid: linkPart(64),
  token: linkPart(128),
  new_password: newPassword,
});

export const emailKeySchema = z.object({ key: linkPart(1024) });

export const profileSchema = z.object({
  name: z
    .string({ error: "Enter your name." })
    .trim()
    .min(1, "Enter your name.")
    .max(NAME_MAX_LENGTH, `Name must be at most ${NAME_MAX_LENGTH} characters.`),
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
