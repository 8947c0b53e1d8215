import { describe, expect, it } from "vitest";
import { isForeignServerAction } from "@/lib/action-origin";

const ACTION = { "next-action": "7f0000000000000000000000000000000000000000", host: "app.example" };

describe("isForeignServerAction", () => {
  it.each([
    ["another site's page", "POST", { origin: "https://evil.example" }, true],
    ["a sandboxed frame or data: page (Origin: null)", "POST", { origin: "null" }, true],
    ["an Origin that does not parse", "POST", { origin: "not a url" }, true],
    ["a sibling subdomain", "POST", { origin: "https://www.app.example" }, true],
    ["another port of this host", "POST", { origin: "https://app.example:8443" }, true],
    [
      "a forwarded request whose first X-Forwarded-Host is not the Origin",
      "POST",
      { origin: "https://app.example", "x-forwarded-host": "evil.example, app.example" },
      true,
    ],
    ["this origin", "POST", { origin: "https://app.example" }, false],
    ["this origin over http", "POST", { origin: "http://app.example" }, false],
    [
      "a forwarded request from the public host",
      "POST",
      {
        origin: "https://public.example",
        "x-forwarded-host": "public.example",
        host: "127.0.0.1:3000",
      },
      false,
    ],
    ["no Origin (curl): left to Next, as before", "POST", {}, false],
    [
      "a foreign POST that is not a server action",
      "POST",
      { origin: "https://evil.example", "next-action": null },
      false,
    ],
    ["a GET with the header", "GET", { origin: "https://evil.example" }, false],
  ])("%s", (_label, method, overrides, expected) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries({ ...ACTION, ...overrides })) {
      if (value !== null) headers.set(name, value);
    }
    expect(isForeignServerAction(method, headers)).toBe(expected);
  });
});
