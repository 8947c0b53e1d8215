const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** The two phrases Intl has no form for, from the page's catalogue (messages › time). */
export type TimeWords = { justNow: string; unknown: string; utc: (time: string) => string };

/** Relative and absolute times in one language: `locale` picks Intl's wording, `words` the rest. */
export function timeFormats(locale: string, words: TimeWords) {
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const absolute = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "UTC",
  });
  return {
    /** "just now", "5 minutes ago", "yesterday", "3 weeks ago". */
    timeAgo(iso: string, now: number = Date.now()): string {
      const seconds = Math.round((Date.parse(iso) - now) / 1000);
      if (Number.isNaN(seconds)) return words.unknown;
      if (Math.abs(seconds) < 60) return words.justNow;
      for (const [unit, size] of units) {
        if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
      }
      return words.justNow;
    },
    /** "Nov 27, 2026, 1:45 AM UTC": unambiguous whatever the reader's zone, shown next to the relative time. */
    absoluteTime(iso: string): string {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : words.utc(absolute.format(date));
    },
  };
}
