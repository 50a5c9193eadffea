import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { markPeerAddressRecorded, peerAddressRecorded, PEER_ADDRESS_HEADER } from "./client-address";

/**
 * Stamps every HTTP request this process receives with its TCP peer address. Node publishes
 * `http.server.request.start` before emitting the request, so the stamp is on the headers
 * before Next.js (or any handler) reads them, and a client's own copy of the header is replaced.
 */
export function recordPeerAddresses(): void {
  if (peerAddressRecorded()) return;
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as { request: IncomingMessage; socket: Socket };
    request.headers[PEER_ADDRESS_HEADER] = socket.remoteAddress ?? "unknown";
  });
  markPeerAddressRecorded();
}
