import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { projectOfChannel } from "./browser-config";

// What pusher-js sends to authorise a private channel (as JSON: Flux's handler posts it so).
const SocketId = z.string().regex(/^\d{1,20}\.\d{1,20}$/, "Pusher socket ids look like 1234.5678");

export const PusherAuthInput = z.object({
  socket_id: SocketId,
  channel_name: z.string().max(164).refine((c) => projectOfChannel(c) !== null, "Flux channels are private-flux-project-<project id>"),
});
export type PusherAuthInput = z.infer<typeof PusherAuthInput>;

/** Reads the body of a channel-authorisation request and names the project it asks about. */
export function parsePusherAuth(body: unknown): PusherAuthInput & { projectId: string } {
  const input = parseInput(PusherAuthInput, body, "Invalid channel authorisation request");
  return { ...input, projectId: projectOfChannel(input.channel_name)! };
}


/** A share link visitor's request: which channel it is may only be judged once the link is known. */
export const ShareChannelAuthInput = z.object({ socket_id: SocketId, channel_name: z.string().max(164) });
export type ShareChannelAuthInput = z.infer<typeof ShareChannelAuthInput>;

export function parseShareChannelAuth(body: unknown): ShareChannelAuthInput {
  return parseInput(ShareChannelAuthInput, body, "Invalid channel authorisation request");
}
