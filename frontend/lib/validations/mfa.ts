import { z } from "zod";
import { normalizeRecoveryCode, normalizeTotpCode } from "@/lib/mfa";
import { passwordHeld } from "./auth";
import { PASSKEY_NAME_MAX_LENGTH } from "./limits";

export const totpCode = z
  .string({ error: "Enter the 6-digit code from your authenticator app." })
  .transform(normalizeTotpCode)
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app."));

export const recoveryCode = z
  .string({ error: "Enter one of your recovery codes." })
  .transform(normalizeRecoveryCode)
  .pipe(
    z.string().min(1, "Enter one of your recovery codes.").max(64, "That is not a recovery code."),
  );

export const passkeyName = z
  .string()
  .trim()
  .min(1, "Give the passkey a name.")
  .max(PASSKEY_NAME_MAX_LENGTH, `Use at most ${PASSKEY_NAME_MAX_LENGTH} characters.`);

/** The name is optional when adding: the backend picks one. */
export const newPasskeyName = z
  .string()
  .trim()
  .max(PASSKEY_NAME_MAX_LENGTH, `Use at most ${PASSKEY_NAME_MAX_LENGTH} characters.`)
  .transform((value) => value || undefined);

export const reauthPassword = passwordHeld("Enter your password.");

export const totpCodeSchema = z.object({ code: totpCode });
export const recoveryCodeSchema = z.object({ recovery_code: recoveryCode });

export const AUTHENTICATION_FAILED = "The passkey could not be used. Please try again.";

// Only the outline: what a WebAuthn response proves is the backend's business. This keeps arbitrary values a
// page could post to a server action from being forwarded as they are.
const base64Url = z
  .string()
  .regex(/^[A-Za-z0-9_-]*$/)
  .max(4096);

export const authenticationCredential = z.object({
  id: base64Url,
  rawId: base64Url,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64Url,
    authenticatorData: base64Url,
    signature: base64Url,
    userHandle: base64Url.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
});

export const registrationCredential = z.object({
  id: base64Url,
  rawId: base64Url,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64Url,
    attestationObject: z
      .string()
      .regex(/^[A-Za-z0-9_-]*$/)
      .max(65536),
    authenticatorData: base64Url.optional(),
    transports: z.array(z.string().max(32)).max(16).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64Url.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()),
});
