import type { Caller } from "@/lib/auth/caller";
import { askFlux } from "./ask";
import type { AskConfig } from "./ask-config";
import type { AskEvent } from "./ask-events";
import type { AskRequest } from "./ask-request";

export const NDJSON_HEADERS = {
  "content-type": "application/x-ndjson; charset=utf-8",
  "cache-control": "no-store",
  // Proxies such as nginx would otherwise hold the answer back until it is complete.
  "x-accel-buffering": "no",
};

/** The answer as newline-delimited JSON events, written as they happen; closing the request stops the model call. */
export function askStream(args: { ctx: Caller; input: AskRequest; base: string; config: AskConfig & { apiKey: string }; signal?: AbortSignal }): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const emit = (event: AskEvent) => {
        if (open) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      };
      try {
        await askFlux({ ...args, emit });
      } finally {
        open = false;
        try {
          controller.close();
        } catch {
          // Already closed: the client went away.
        }
      }
    },
  });
}
