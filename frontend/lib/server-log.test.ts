import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { jsonLogger } from "@/lib/server-log";
import { sourceModules } from "@/lib/testing/source-files";

describe("the Next.js server's log", () => {
  it("writes one JSON object per line, with the fields Django's lines carry", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split("\n").filter(Boolean));
        done();
      },
    });
    const logger = jsonLogger(sink);
    logger.warn({ provider: "corp" }, "Revocation feed interrupted");
    logger.error("API request failed");

    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toMatchObject([
      {
        service: "latchkey-web",
        level: "warn",
        message: "Revocation feed interrupted",
        provider: "corp",
      },
      { service: "latchkey-web", level: "error", message: "API request failed" },
    ]);
    for (const record of records)
      expect(new Date(String(record.time)).toISOString()).toBe(record.time);
  });

  it("is the only way server code writes to the console: a plain line would break a JSON log stream", () => {
    const writers = sourceModules()
      .filter(({ path }) => path !== "lib/server-log.ts")
      .filter(({ text }) => !/^["']use client["']/.test(text))
      .filter(({ text }) => /\bconsole\.(log|info|warn|error|debug)\(/.test(text))
      .map(({ path }) => path);
    expect(writers).toEqual([]);
  });
});
