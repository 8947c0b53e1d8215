import pino, { type DestinationStream, type Logger } from "pino";

/**
 * The Next.js server's own log lines (README.md › Observability): the same JSON shape as Django's, one object per
 * line with `service`, `level`, `message` and an ISO `time`. Server code only (lib/request-log.ts and the
 * "server-only" modules); never imported by a client component.
 */
const OPTIONS = {
  base: { service: "latchkey-web" },
  messageKey: "message",
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label: string) => ({ level: label }) },
};

/** JSON lines in a production build unless LOG_FORMAT=plain; under `next dev` Next's readable lines stand in. */
export function jsonLogs(): boolean {
  return process.env.NODE_ENV === "production" && process.env.LOG_FORMAT !== "plain";
}

export function jsonLogger(destination?: DestinationStream): Logger {
  return destination ? pino(OPTIONS, destination) : pino(OPTIONS);
}

type ServerLog = {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

const KEY = Symbol.for("latchkey.server-log");

/**
 * Warnings and errors outside the request log (the revocation feed, the API client): JSON when jsonLogs(), so a
 * log collector never meets a plain line among the JSON ones; the console otherwise. `fields` must hold no secret.
 */
export function serverLog(): ServerLog {
  const store = globalThis as typeof globalThis & { [KEY]?: ServerLog };
  if (!store[KEY]) {
    const logger = jsonLogs() ? jsonLogger() : null;
    store[KEY] = {
      warn: (message, fields = {}) =>
        logger ? logger.warn(fields, message) : console.warn(message, fields),
      error: (message, fields = {}) =>
        logger ? logger.error(fields, message) : console.error(message, fields),
    };
  }
  return store[KEY];
}
