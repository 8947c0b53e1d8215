import { describe, expect, it } from "vitest";
import { clientContextFrom, requestHeaders } from "@/lib/api/client";

describe("the request id on API calls", () => {
  it("passes the id this server decided on to Django as X-Request-ID", () => {
    const context = clientContextFrom(
      new Headers({ "x-request-id": "6f1c2a4e-0b7d-4c55-9a3e-2d1f0e9c8b7a" }),
    );
    expect(requestHeaders(context)["X-Request-ID"]).toBe("6f1c2a4e-0b7d-4c55-9a3e-2d1f0e9c8b7a");
  });

  it("sends none when the header is missing or malformed", () => {
    for (const headers of [new Headers(), new Headers({ "x-request-id": "bad id; with spaces" })]) {
      expect(requestHeaders(clientContextFrom(headers))).not.toHaveProperty("X-Request-ID");
    }
  });
});
