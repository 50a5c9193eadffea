/**
 * Opens a live event stream from Node and calls `onEvent` with each event's name; resolves once
 * the stream said `ready`. Reads until `signal` aborts it.
 */
export async function followLiveStream(options: { url: string; headers: Record<string, string>; signal: AbortSignal; onEvent: (event: string) => void }): Promise<void> {
  const res = await fetch(options.url, { headers: { ...options.headers, accept: "text/event-stream" }, signal: options.signal });
  if (res.status !== 200 || !res.body) throw new Error(`live stream: HTTP ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let ready: () => void = () => {};
  const isReady = new Promise<void>((r) => (ready = r));
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (\S+)/m.exec(block)?.[1];
          if (!name) continue;
          if (name === "ready") ready();
          options.onEvent(name);
        }
      }
    } catch {
      // aborted at the end of the run
    }
  })();
  return isReady;
}
