import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import messages from "@/messages/en.json";
import { passkeyErrorMessage } from "./webauthn-errors";

const t = createTranslator({ locale: "en", messages, namespace: "passkey" });

describe("passkeyErrorMessage", () => {
  it.each([
    [{ name: "AbortError" }, null],
    [{ name: "Error", code: "ERROR_CEREMONY_ABORTED" }, null],
    [{ name: "NotAllowedError" }, "The passkey prompt was closed or timed out. Please try again."],
    [
      { name: "InvalidStateError", code: "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" },
      "This passkey is already registered on your account.",
    ],
    [{ name: "SecurityError" }, "Passkeys cannot be used on this address."],
    [{ name: "NotSupportedError" }, "This device or browser cannot use passkeys here."],
    [new Error("boom"), "The passkey could not be used. Please try again."],
    ["not an error", "The passkey could not be used. Please try again."],
  ])("%o → %s", (error, message) => {
    const key = passkeyErrorMessage(error);
    expect(key === null ? null : t(key)).toBe(message);
  });
});
