import { describe, expect, it } from "vitest";
import { timeFormats } from "./relative-time";

const now = Date.parse("2026-11-27T12:00:00Z");
const words = {
  justNow: "just now",
  unknown: "at an unknown time",
  utc: (t: string) => `${t} UTC`,
};
const { absoluteTime, timeAgo } = timeFormats("en", words);

describe("timeAgo", () => {
  it.each([
    ["2026-11-27T11:59:30Z", "just now"],
    ["2026-11-27T11:55:00Z", "5 minutes ago"],
    ["2026-11-27T09:00:00Z", "3 hours ago"],
    ["2026-11-26T12:00:00Z", "yesterday"],
    ["2026-11-06T12:00:00Z", "3 weeks ago"],
  ])("describes %s as %s", (iso, expected) => {
    expect(timeAgo(iso, now)).toBe(expected);
  });

  it("does not crash on a bad date", () => {
    expect(timeAgo("not a date", now)).toBe("at an unknown time");
  });

  it("speaks the page's language", () => {
    expect(timeFormats("de", words).timeAgo("2026-11-27T11:55:00Z", now)).toBe("vor 5 Minuten");
    expect(timeFormats("ar", words).timeAgo("2026-11-27T11:55:00Z", now)).toBe("قبل 5 دقائق");
  });
});

describe("absoluteTime", () => {
  it("shows the time in UTC", () => {
    expect(absoluteTime("2026-11-27T13:05:00Z")).toBe("Nov 27, 2026, 1:05 PM UTC");
  });
});
