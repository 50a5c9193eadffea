/** One server-sent event as a browser's EventSource would see it. */
export interface StreamEvent {
  event: string;
  data: string;
  at: number;
}

export interface EventStreamClient {
  status: number;
  events: StreamEvent[];
  /** Resolves with the first event (from the start of the stream) that matches, or rejects after `timeoutMs`. */
  next(match: (e: StreamEvent) => boolean, timeoutMs?: number, after?: number): Promise<StreamEvent>;
  /** Resolves once the server closed the stream. */
  ended: Promise<void>;
  close(): void;
}

/** A minimal SSE reader over fetch, for tests: parses `event:`/`data:` blocks as the spec says. */
export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: abort.signal });
  const events: StreamEvent[] = [];
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  const ended = (async () => {
    if (!res.ok || !res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = "message";
          const data: string[] = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("event:")) event = line.slice(6).trim();
            else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
          }
          if (data.length) events.push({ event, data: data.join("\n"), at: Date.now() });
        }
        wake();
      }
    } catch {
      // aborted by close()
    } finally {
      wake();
    }
  })();
  let finished = false;
  void ended.then(() => { finished = true; wake(); });
  return {
    status: res.status,
    events,
    ended,
    close: () => abort.abort(),
    next(match, timeoutMs = 5_000, after = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.slice(after).find(match);
          if (found) return done(() => resolve(found));
          if (finished) return done(() => reject(new Error(`stream ended before a matching event; got ${JSON.stringify(events.map((e) => e.event))}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => `${e.event} ${e.data}`))}`))), timeoutMs);
        const done = (fn: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          fn();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
