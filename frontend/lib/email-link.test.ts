import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { addressInEmailLink } from "./email-link";

// Keys as Django's signing.dumps(..., compress=True) makes them (printed from the backend).
const PLAIN =
  "eyJ1aWQiOjEsImVtYWlsIjoiYW5uQGV4YW1wbGUuY29tIiwiZXAiOjAsImlhdCI6MTcwMDAwMDAwMH0:1xYBYY:_R9CmlHL2sgfWgwWQg_yeE4UGOBegqhkm2-MuWLT900";
const COMPRESSED =
  ".eJwtjEsOgzAMBe_iNUbQLpCy4iqmfgJL-aAktEWIuzeLznY0c9FhSm58dIQg5smR8Bv5ZJ_iyqKaUQpbVED5Y3XjILFZ1Ipc5nIsmloYe3wl7B79KwVqs53csyOT2ubT8Of-AV0vJPI:1xYBYY:xcbkZC7qXy_ZbH6qGWoukqyxjUh7cfu42fW6cvKVesM";
const CHANGE =
  ".eJyrVirNTFGyMjTSUcrPATKUEh1SKxJzC3JS9ZLzc5V0lPJSy4GiSWiiqQVKVsY6SpmJJUC95gZQUAsAswUW-A:1xYBYY:g_KGqpoABH3-wk5K8XimTGBfpvH3stQKXa69mRY8Eek";

function keyOf(payload: unknown, compress = false): string {
  const json = Buffer.from(JSON.stringify(payload));
  const body = compress
    ? `.${deflateSync(json).toString("base64url")}`
    : json.toString("base64url");
  return `${body}:1xYBYY:signature`;
}

describe("addressInEmailLink", () => {
  it("reads the address from a plain and a compressed verification key", () => {
    expect(addressInEmailLink(PLAIN, "email")).toBe("ann@example.com");
    expect(addressInEmailLink(COMPRESSED, "email")).toBe(
      "a-very-long-address-indeed-with-many-letters@subdomain.example.com",
    );
  });

  it("reads the new address from an email-change key", () => {
    expect(addressInEmailLink(CHANGE, "new")).toBe("b@example.com");
    expect(addressInEmailLink(CHANGE, "email")).toBeNull();
  });

  it.each([
    ["empty", ""],
    ["not base64 JSON", "not-a-key:1xYBYY:sig"],
    ["broken compression", ".AAAA:1xYBYY:sig"],
    ["a JSON string", keyOf("ann@example.com")],
    ["null", keyOf(null)],
    ["a number for the address", keyOf({ email: 42 })],
    ["text that is not an address", keyOf({ email: "Your account is locked, call +1 555 0100" })],
    ["an overlong address", keyOf({ email: `${"a".repeat(250)}@example.com` }, true)],
  ])("yields null for %s", (_label, key) => {
    expect(addressInEmailLink(key, "email")).toBeNull();
  });
});
