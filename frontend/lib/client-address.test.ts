import { describe, expect, it } from "vitest";
import { canonicalAddress, vouchedClientAddress } from "./client-address";

describe("canonicalAddress", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    ["  203.0.113.7  ", "203.0.113.7"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["::1", "::1"],
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["[::ffff:203.0.113.7]:8080", "203.0.113.7"],
    ["::FFFF:CB00:7107", "203.0.113.7"],
    ["", null],
    ["unknown", null],
    ["_hidden", null],
    ["203.0.113", null],
    ["203.0.113.256", null],
    ["0x7f.0.0.1", null],
    ["2001:db8::1:443", "2001:db8::1:443"],
    ["2001:db8::1]:443", null],
    ["fe80::1%eth0", null],
    ["localhost", null],
    ["203.0.113.7, 198.51.100.1", null],
  ])("%j -> %j", (entry, expected) => {
    expect(canonicalAddress(entry)).toBe(expected);
  });
});

describe("vouchedClientAddress", () => {
  const peer = "198.51.100.10";
  it.each<[string, string | null, number, string | null]>([
    // No proxy in front: the socket peer, whatever the client wrote.
    ["hops 0, no header", null, 0, peer],
    ["hops 0 ignores a forged header", "203.0.113.66", 0, peer],
    ["hops 0 ignores a forged chain", "203.0.113.66, 192.0.2.1", 0, peer],
    // One appending proxy (the peer): its entry is the last one.
    ["hops 1, proxy appended to nothing", "203.0.113.7", 1, "203.0.113.7"],
    ["hops 1, proxy appended to a forged header", "6.6.6.6, 203.0.113.7", 1, "203.0.113.7"],
    ["hops 1, forged garbage left of it", "garbage, ;drop, 203.0.113.7", 1, "203.0.113.7"],
    ["hops 1, spaces", "  6.6.6.6 ,   203.0.113.7  ", 1, "203.0.113.7"],
    ["hops 1, no spaces", "6.6.6.6,203.0.113.7", 1, "203.0.113.7"],
    // Two: the outer one wrote the client, the inner one (the peer) wrote the outer one.
    ["hops 2", "203.0.113.7, 10.0.0.2", 2, "203.0.113.7"],
    ["hops 2 with a forged chain", "6.6.6.6, 7.7.7.7, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"],
    // Fewer entries than proxies: not every proxy was passed; the peer is the address known to be real.
    ["more hops than entries", "203.0.113.7", 2, peer],
    ["hops 1, empty header", "", 1, peer],
    ["hops 1, no header", null, 1, peer],
    ["hops 3, two entries", "203.0.113.7, 10.0.0.2", 3, peer],
    // An unreadable entry where the outermost proxy writes: fall back to the peer, never to the client's text.
    ["garbage at the vouched position", "203.0.113.7, unknown", 1, peer],
    ["empty entry at the vouched position", "203.0.113.7, ", 1, peer],
    // Forms proxies actually write.
    ["IPv6 in brackets with a port", "[2001:DB8::7]:51234", 1, "2001:db8::7"],
    ["IPv4 with a port", "203.0.113.7:51234", 1, "203.0.113.7"],
    ["IPv4-mapped IPv6", "::ffff:203.0.113.7", 1, "203.0.113.7"],
    ["hops 2, IPv6 chain", "2001:db8::7, fd00::2", 2, "2001:db8::7"],
  ])("%s", (_, forwardedFor, hops, expected) => {
    expect(vouchedClientAddress({ peer, forwardedFor, hops })).toBe(expected);
  });

  it.each([
    ["::ffff:127.0.0.1", "127.0.0.1"],
    ["::1", "::1"],
    ["", null],
  ])("peer %j -> %j", (socketPeer, expected) => {
    expect(vouchedClientAddress({ peer: socketPeer, forwardedFor: "203.0.113.66", hops: 0 })).toBe(
      expected,
    );
  });
});
