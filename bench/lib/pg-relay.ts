import net from "node:net";

/**
 * A byte-for-byte TCP relay between the app and PostgreSQL, in the bench process. It reads
 * only the framing of what PostgreSQL sends (type byte, int32 length) so that it can hold
 * back one COMMIT acknowledgement: `onNextCommit` runs at the moment PostgreSQL has committed
 * a transaction and before the app can know it, which is how the scenario kills the app with
 * a batch stored and unanswered. `pause()` / `resume()` close and reopen the listening port,
 * so that while PostgreSQL is stopped the app's connections are refused, as they would be
 * without the relay.
 */
export class PgRelay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private commitHook: (() => void) | null = null;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<PgRelay> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const relay = new PgRelay(port, target);
    await relay.resume();
    return relay;
  }

  /** Runs `hook` once, at the next COMMIT PostgreSQL acknowledges, and drops that acknowledgement. */
  onNextCommit(hook: () => void): () => void {
    this.commitHook = hook;
    return () => {
      if (this.commitHook === hook) this.commitHook = null;
    };
  }

  resume(): Promise<void> {
    if (this.server) return Promise.resolve();
    const server = net.createServer((client) => this.relay(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  /** Stops accepting connections (refused from now on); open ones carry on until either side ends them. */
  pause(): Promise<void> {
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async stop(): Promise<void> {
    const closing = this.pause();
    for (const s of this.sockets) s.destroy();
    await closing;
  }

  private relay(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    this.sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on("data", (chunk) => upstream.write(chunk));
    const frames = new BackendFrames();
    upstream.on("data", (chunk) => {
      let forward = chunk;
      if (this.commitHook) {
        const at = frames.findCommit(chunk);
        if (at >= 0) {
          const hook = this.commitHook;
          this.commitHook = null;
          // Nothing from this acknowledgement on reaches the app, which dies now.
          forward = chunk.subarray(0, at);
          if (forward.length) client.write(forward);
          client.pause();
          upstream.pause();
          hook();
          return;
        }
      } else {
        frames.skip(chunk);
      }
      client.write(forward);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    upstream.on("end", () => client.end());
    client.on("end", () => upstream.end());
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  }
}

/** Message boundaries of the backend stream, across chunks. */
class BackendFrames {
  /** Bytes of the current message still to come (header included while < 5 seen). */
  private header = Buffer.alloc(0);
  private remaining = 0;

  skip(chunk: Buffer): void {
    this.walk(chunk, () => false);
  }

  /** The offset in `chunk` where a CommandComplete "COMMIT" message starts, or -1. */
  findCommit(chunk: Buffer): number {
    return this.walk(chunk, (type, body) => type === 0x43 && body.toString("latin1").startsWith("COMMIT"));
  }

  private walk(chunk: Buffer, match: (type: number, body: Buffer) => boolean): number {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        this.remaining -= n;
        i += n;
        continue;
      }
      const start = i - this.header.length;
      const need = 5 - this.header.length;
      const take = chunk.subarray(i, i + need);
      this.header = Buffer.concat([this.header, take]);
      i += take.length;
      if (this.header.length < 5) break;
      const type = this.header[0];
      const length = this.header.readInt32BE(1) - 4;
      this.header = Buffer.alloc(0);
      // CommandComplete bodies are short tags; one split across chunks is not matched.
      if (start >= 0 && match(type, chunk.subarray(i, i + Math.min(length, 16)))) return start;
      this.remaining = length;
    }
    return -1;
  }
}
