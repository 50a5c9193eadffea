import { isIP } from "node:net";

/**
 * Set on every request from its TCP peer before Next.js sees it (peer-address.ts), replacing
 * any copy the client sent. Next.js itself only fills X-Forwarded-For when the client left it
 * out, so without this a forged X-Forwarded-For would be all the app could see.
 */
export const PEER_ADDRESS_HEADER = "x-flux-peer-address";

const holder = globalThis as unknown as { __fluxPeerAddressRecorded?: boolean };

/** Whether this process stamps PEER_ADDRESS_HEADER (only then can the header be believed). */
export function peerAddressRecorded(): boolean {
  return holder.__fluxPeerAddressRecorded === true;
}

export function markPeerAddressRecorded(): void {
  holder.__fluxPeerAddressRecorded = true;
}

/**
 * The address a request came from, as far as it can be trusted. With no trusted proxy that is
 * the TCP peer and X-Forwarded-For is ignored (anyone can type it). With N trusted proxies, each
 * appends the address it received the request from, so counting the peer as the rightmost hop,
 * the entry N places to its left is the last one that no client could have written.
 */
export function resolveClientAddress(options: { peer: string; forwardedFor: string | null; trustedProxies: number }): string {
  if (options.trustedProxies === 0) return normaliseAddress(options.peer);
  const hops = (options.forwardedFor ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const chain = [...hops, options.peer];
  return normaliseAddress(chain[Math.max(0, chain.length - 1 - options.trustedProxies)]);
}

/**
 * One rate-limit key per client: IPv4 as is (an IPv4-mapped IPv6 address is its IPv4 form),
 * IPv6 by its /64 prefix, since one subscriber usually holds a whole /64 and could otherwise
 * take a fresh address for every attempt.
 */
export function normaliseAddress(raw: string): string {
  let value = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(":"));
  value = value.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/.exec(value);
  if (mapped) value = mapped[1];
  const kind = isIP(value);
  if (kind === 4) return value;
  if (kind === 6) return `${ipv6Groups(value).slice(0, 4).join(":")}::/64`;
  // Not an address (a misconfigured proxy): still one key per distinct value, bounded in size.
  return `other:${value.slice(0, 64) || "unknown"}`;
}

/** The eight 16-bit groups of a valid IPv6 address, without leading zeros. */
function ipv6Groups(address: string): string[] {
  let text = address;
  // A trailing dotted IPv4 part (::ffff:1.2.3.4 is handled above; others like 64:ff9b::1.2.3.4) becomes two groups.
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}

let warned = false;

/** The client address of a request, from the headers a route handler or server action sees. */
export function clientAddress(headers: Headers, trustedProxies: number): string {
  const forwardedFor = headers.get("x-forwarded-for");
  let peer = peerAddressRecorded() ? headers.get(PEER_ADDRESS_HEADER) : null;
  if (!peer) {
    if (!warned) {
      warned = true;
      console.warn("[flux] the TCP peer address is not recorded (instrumentation.ts not loaded?); rate limits fall back to X-Forwarded-For");
    }
    // Next.js fills X-Forwarded-For with the peer when the client sent none: the last entry is then the peer.
    peer = forwardedFor?.split(",").pop()?.trim() || "unknown";
  }
  return resolveClientAddress({ peer, forwardedFor, trustedProxies });
}
