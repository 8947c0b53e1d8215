import { randomUUID, timingSafeEqual } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";

/**
 * The TCP peer of each request, for lib/api/client.ts. Next.js hands proxy.ts, server actions and route handlers
 * only headers, and its own X-Forwarded-For is the socket peer only when the client sent none (a client-sent one
 * is kept as it is). So the Node server stamps every request, before Next.js sees it, with a header holding the
 * peer and a per-process token: the token tells the stamp from a client-sent copy, including one that arrived in
 * the moment between the server starting to listen and instrumentation.ts installing this.
 */
export const SOCKET_PEER_HEADER = "x-latchkey-peer";
const TOKEN = Symbol.for("latchkey.socketPeerToken");

type RequestStart = { request: IncomingMessage; socket: Socket };
type WithToken = typeof globalThis & { [TOKEN]?: string };

export function socketPeerStampInstall(): void {
  const global = globalThis as WithToken;
  if (global[TOKEN]) return;
  const token = randomUUID();
  global[TOKEN] = token;
  // Published by Node's HTTP server for each request before its "request" event, i.e. before Next.js runs.
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as RequestStart;
    request.headers[SOCKET_PEER_HEADER] = `${token} ${socket.remoteAddress ?? ""}`;
  });
}

/** The stamped peer address, or null when the stamp is missing or forged. */
export function socketPeerFrom(headers: Headers): string | null {
  const token = (globalThis as WithToken)[TOKEN];
  const [stamp = "", address = ""] = (headers.get(SOCKET_PEER_HEADER) ?? "").split(" ");
  if (!token || !address || stamp.length !== token.length) return null;
  return timingSafeEqual(Buffer.from(stamp), Buffer.from(token)) ? address : null;
}
