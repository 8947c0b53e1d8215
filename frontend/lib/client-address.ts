import { isIPv4, isIPv6 } from "node:net";

/**
 * The canonical text of one address from a socket or an X-Forwarded-For entry, or null when it is none: brackets
 * and ports are dropped, IPv6 is compressed and lower-cased, and an IPv4-mapped IPv6 address becomes plain IPv4,
 * so that one client has one rate-limit key whichever way it connected.
 */
export function canonicalAddress(entry: string): string | null {
  const trimmed = entry.trim();
  const withoutPort =
    /^\[([^\]]+)\](?::\d{1,5})?$/.exec(trimmed) ??
    /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(trimmed);
  const text = withoutPort?.[1] ?? trimmed;
  if (isIPv4(text)) return text;
  // Zone ids (fe80::1%eth0) name an interface of the sender's machine: meaningless here.
  if (!isIPv6(text) || text.includes("%")) return null;
  const compressed = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(compressed);
  if (!mapped) return compressed;
  const [high, low] = [mapped[1], mapped[2]].map((group) => Number.parseInt(group ?? "", 16)) as [
    number,
    number,
  ];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/**
 * The client address this server can vouch for. With no trusted proxy in front (hops 0) that is the socket peer,
 * whatever X-Forwarded-For says. With `hops` proxies in front, each appending the address it saw, the outermost
 * one wrote the hops-th entry from the right; anything left of it came from the client and is ignored. A chain
 * shorter than that, or an unreadable entry there, means the request did not come through those proxies: then
 * the peer is the only address known to be real (it may be a proxy's, which errs towards limiting too much).
 */
export function vouchedClientAddress({
  peer,
  forwardedFor,
  hops,
}: {
  peer: string;
  forwardedFor: string | null;
  hops: number;
}): string | null {
  const peerAddress = canonicalAddress(peer);
  if (hops === 0 || peerAddress === null) return peerAddress;
  const entries = (forwardedFor ?? "").split(",");
  if (entries.length < hops) return peerAddress;
  return canonicalAddress(entries[entries.length - hops] ?? "") ?? peerAddress;
}
