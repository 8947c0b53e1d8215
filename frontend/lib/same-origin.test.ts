import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./same-origin";

describe("isSameOriginRequest", () => {
  it.each([
    ["our page, modern browser", { "sec-fetch-site": "same-origin", origin: "http://app.test" }],
    ["Sec-Fetch-Site alone", { "sec-fetch-site": "same-origin" }],
    ["Origin matching Host", { origin: "http://app.test", host: "app.test" }],
    ["Origin matching Host with port", { origin: "http://localhost:3000", host: "localhost:3000" }],
    [
      "Origin matching the forwarded host",
      { origin: "https://app.example", host: "127.0.0.1:3000", "x-forwarded-host": "app.example" },
    ],
    ["host in another case", { origin: "https://app.example", host: "APP.example" }],
  ])("accepts %s", (_label, headers) => {
    expect(isSameOriginRequest(new Headers(headers))).toBe(true);
  });

  it.each([
    ["another site", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }],
    ["a sibling subdomain", { "sec-fetch-site": "same-site", origin: "https://x.app.example" }],
    ["a typed URL or bookmark", { "sec-fetch-site": "none" }],
    [
      "Sec-Fetch-Site cross-site with a matching Origin",
      { "sec-fetch-site": "cross-site", origin: "http://app.test", host: "app.test" },
    ],
    ["Origin of another host", { origin: "https://evil.example", host: "app.example" }],
    ["Origin of another port", { origin: "http://localhost:4000", host: "localhost:3000" }],
    ["Origin null (sandboxed frame, data: URL)", { origin: "null", host: "app.example" }],
    ["Origin malformed", { origin: "not a url", host: "app.example" }],
    ["no Origin, no Sec-Fetch-Site", { host: "app.example" }],
    ["no Host", { origin: "https://app.example" }],
    [
      "Origin matching Host but not the forwarded host",
      {
        origin: "http://127.0.0.1:3000",
        host: "127.0.0.1:3000",
        "x-forwarded-host": "app.example",
      },
    ],
  ])("refuses %s", (_label, headers) => {
    expect(isSameOriginRequest(new Headers(headers))).toBe(false);
  });
});
