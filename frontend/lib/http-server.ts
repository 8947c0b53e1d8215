import http from "node:http";
import { UNREPRESENTABLE_METHODS } from "@/lib/http-methods";
import { STATIC_SECURITY_HEADERS } from "@/lib/security-headers";

const INSTALLED = Symbol.for("latchkey.refuse-unrepresentable-methods");

/**
 * Answers TRACE (and TRACK, should the parser pass it) with 405 before Next handles them. Next turns every request it routes through proxy.ts
 * or a route handler into a Fetch Request, and the Fetch standard forbids these methods, so Next would throw and
 * answer 500. No option of Next or of proxy.ts's matcher selects by method, so the check sits on the HTTP server.
 */
export function refuseUnrepresentableMethods(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: true };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [request, response] = args as [http.IncomingMessage, http.ServerResponse];
      if (UNREPRESENTABLE_METHODS.has((request.method ?? "").toUpperCase())) {
        response.writeHead(405, {
          ...STATIC_SECURITY_HEADERS,
          Allow: "GET, HEAD, POST, OPTIONS",
          "Content-Type": "text/plain; charset=utf-8",
          "Cache-Control": "no-store",
        });
        response.end("Method Not Allowed");
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
}
