import { describe, expect, it } from "vitest";
import { continuePage, escapeHtml, seeOther } from "./social-responses";

describe("social sign-in responses", () => {
  it.each([
    ["a&b", "a&amp;b"],
    ['"><script>', "&quot;&gt;&lt;script&gt;"],
    ["it's", "it&#39;s"],
  ])("escapes %j", (value, expected) => {
    expect(escapeHtml(value)).toBe(expected);
  });

  it("sends the browser on with a meta refresh and a link, the URL escaped", async () => {
    const response = continuePage('https://idp.example/auth?a=1&b="2"', {
      lang: "en",
      dir: "ltr",
      continuing: "Continuing to Corp <SSO>…",
      link: "Continue to Corp <SSO>",
    });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(html).toContain(
      '<meta http-equiv="refresh" content="0;url=https://idp.example/auth?a=1&amp;b=&quot;2&quot;">',
    );
    expect(html).toContain("Continue to Corp &lt;SSO&gt;");
    expect(html).not.toContain("<SSO>");
  });

  it("redirects with 303 to a relative location, uncached", () => {
    const response = seeOther("/login?error=invalid_state");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?error=invalid_state");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });
});
