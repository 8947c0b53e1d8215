import { inflateSync } from "node:zlib";
import { z } from "zod";

const address = z.email().max(254);

/**
 * The address an emailed link was made for, read from the key (a Django `signing.dumps` payload: base64url JSON,
 * zlib-compressed when it starts with "."), so the page can say which address it is about. Display only: the
 * signature is not checked here, the backend checks it when the button is pressed, so anything that is not a
 * plain address (a forged or damaged key) yields null and the page stays generic.
 */
export function addressInEmailLink(key: string, field: "email" | "new"): string | null {
  const payload = key.split(":", 1)[0] ?? "";
  const compressed = payload.startsWith(".");
  try {
    const raw = Buffer.from(compressed ? payload.slice(1) : payload, "base64url");
    const json: unknown = JSON.parse((compressed ? inflateSync(raw) : raw).toString("utf8"));
    if (typeof json !== "object" || json === null) return null;
    const parsed = address.safeParse((json as Record<string, unknown>)[field]);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
