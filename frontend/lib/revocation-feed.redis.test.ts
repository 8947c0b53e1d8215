import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRevocationFeed, type RevocationFeed } from "./revocation-feed.server";
import type { Invalidation } from "./revocation-state";

/**
 * Against a real Redis of this test's own (redis-server on a free port: a shared one may be flushed by other tests)
 * and Django's own publishing code (scripts/revocation_publish.py calls usersessions.liveness and
 * RevocationFeed.publish).
 */
const PREFIX = `feed-test-${randomBytes(6).toString("hex")}`;
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);

type Published = { subscribers: number; acks: number; seconds: number };

let REDIS_URL = "";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** redis-server on a free port, without persistence; resolves once it accepts connections. */
async function startRedis(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
  });
  return { url: `redis://127.0.0.1:${port}/0`, process: child };
}

/** Runs Django's side in its own process, asynchronously: this process must stay free to acknowledge. */
async function django(command: Record<string, unknown>): Promise<Published> {
  const { stdout } = await run(
    `${ROOT}.venv/bin/python`,
    [`${ROOT}scripts/revocation_publish.py`, JSON.stringify(command)],
    { env: { ...process.env, REDIS_URL, CACHE_KEY_PREFIX: PREFIX }, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

const messageId = () => randomBytes(16).toString("hex");

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the revocation feed against Redis and Django's publisher", () => {
  let server: ChildProcess | undefined;
  let redis: ReturnType<typeof createClient>;
  let feed: RevocationFeed;
  const heard: Invalidation[] = [];

  beforeAll(async () => {
    const started = await startRedis();
    server = started.process;
    REDIS_URL = started.url;
    redis = createClient({ url: REDIS_URL });
    await redis.connect();
    // A new key space: no marker can be missing, so it may be trusted at once (as the backend's tests do).
    await django({ action: "fresh" });
    await django({ action: "revoke", sessions: ["revoked-before-start"], id: messageId() });
    feed = createRevocationFeed({
      redisUrl: REDIS_URL,
      keyPrefix: PREFIX,
      accessLifetimeSeconds: 300,
      warn: () => {},
    });
    feed.state.onInvalidate((change) => heard.push(change));
    feed.start();
    await until(() => feed.lookup("any") !== "untrusted", "the feed is synced and trusted");
  }, 60_000);

  afterAll(async () => {
    await feed?.stop();
    redis?.destroy();
    server?.kill();
  });

  it("loads the markers written before it subscribed", () => {
    expect(feed.lookup("revoked-before-start")).toBe("revoked");
    expect(feed.lookup("never-revoked")).toBe("live");
  });

  it("acknowledges a revocation, so Django's publish returns with it applied here", async () => {
    const published = await django({
      action: "revoke",
      sessions: ["revoked-live"],
      id: messageId(),
    });
    expect(published.subscribers).toBe(1);
    expect(published.acks).toBe(1);
    expect(feed.lookup("revoked-live")).toBe("revoked");
    expect(heard).toContainEqual({ sessions: ["revoked-live"], users: [], all: false });
  }, 60_000);

  it("hears which users changed, and acknowledges that message too", async () => {
    const published = await django({ action: "users", users: ["42"], id: messageId() });
    expect(published.acks).toBe(1);
    expect(heard).toContainEqual({ sessions: [], users: ["42"], all: false });
  }, 60_000);

  it("stops trusting when Redis loses its data, and waits a token lifetime after resyncing", async () => {
    await redis.del(`${PREFIX}:1:session-revocations:since`);
    // Noticed at the next idle ping (5 s): the feed starts over and writes a new, young sentinel.
    await until(() => feed.lookup("any") === "untrusted", "the lost sentinel is noticed");
    await until(
      () => heard.filter((change) => change.all).length >= 2,
      "the feed has resynced",
      20_000,
    );
    expect(feed.lookup("any")).toBe("untrusted");
    expect(await redis.get(`${PREFIX}:1:session-revocations:since`)).toMatch(/^\d+$/);
  }, 60_000);
});
