import { z } from "zod";
import { normalizeRecoveryCode, normalizeTotpCode } from "@/lib/mfa";
import { passwordHeld } from "./auth";
import { PASSKEY_NAME_MAX_LENGTH } from "./limits";

export const totpCode = z
  .string({ error: "validation.totpCode" })
  .transform(normalizeTotpCode)
  .pipe(z.string().regex(/^\d{6}$/, "validation.totpCode"));

export const recoveryCode = z
  .string({ error: "validation.recoveryCodeRequired" })
  .transform(normalizeRecoveryCode)
  .pipe(
    z.string().min(1, "validation.recoveryCodeRequired").max(64, "validation.recoveryCodeInvalid"),
  );

export const passkeyName = z
  .string()
  .trim()
  .min(1, "validation.passkeyNameRequired")
  .max(PASSKEY_NAME_MAX_LENGTH, "validation.passkeyNameTooLong");

/** The name is optional when adding: the backend picks one. */
export const newPasskeyName = z
  .string()
  .trim()
  .max(PASSKEY_NAME_MAX_LENGTH, "validation.passkeyNameTooLong")
  .transform((value) => value || undefined);

export const reauthPassword = passwordHeld("validation.passwordRequired");

export const totpCodeSchema = z.object({ code: totpCode });
export const recoveryCodeSchema = z.object({ recovery_code: recoveryCode });

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
