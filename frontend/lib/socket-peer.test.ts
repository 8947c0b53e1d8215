import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { SOCKET_PEER_HEADER, socketPeerFrom, socketPeerStampInstall } from "./socket-peer";

function headersSeenByServer(sent: Record<string, string>): Promise<Headers> {
  return new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      res.end();
      server.close();
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      resolve(headers);
    });
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      request({ host: "127.0.0.1", port, headers: sent }).on("error", reject).end();
    });
  });
}

describe("socket peer stamp", () => {
  it("is null before the stamp is installed, even for a client-sent header", () => {
    const headers = new Headers({ [SOCKET_PEER_HEADER]: "whatever 203.0.113.66" });
    expect(socketPeerFrom(headers)).toBeNull();
  });

  it("carries the TCP peer and replaces a client-sent header", async () => {
    socketPeerStampInstall();
    const headers = await headersSeenByServer({
      [SOCKET_PEER_HEADER]: "forged 203.0.113.66",
      "X-Forwarded-For": "203.0.113.66",
    });
    expect(socketPeerFrom(headers)).toBe("127.0.0.1");
  });

  it("refuses a copy with the wrong token", () => {
    socketPeerStampInstall();
    for (const value of ["forged 203.0.113.66", "203.0.113.66", "", " "]) {
      expect(socketPeerFrom(new Headers({ [SOCKET_PEER_HEADER]: value }))).toBeNull();
    }
  });
});
