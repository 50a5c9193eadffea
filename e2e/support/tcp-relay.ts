import net from "node:net";

/**
 * A TCP relay between the browser and one Flux instance, to break the network on purpose:
 * `cut()` resets every open connection (a dropped Wi-Fi), `refuse(true)` turns new ones away
 * (the server out of reach), and `freezeLiveStreams()` stops forwarding on the connections that
 * carry a live event stream without closing them (a half-open connection that never errors).
 */
export class TcpRelay {
  private readonly sockets = new Set<net.Socket>();
  private refusing = false;
  private frozen = new WeakSet<net.Socket>();
  /** Client sockets that asked for the live event stream (a keep-alive socket may carry other requests first). */
  private live = new Set<net.Socket>();

  private constructor(private readonly server: net.Server, readonly port: number) {}

  static async start(targetPort: number): Promise<TcpRelay> {
    let relay: TcpRelay | null = null;
    const server = net.createServer((client) => relay!.accept(client, targetPort));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    relay = new TcpRelay(server, (server.address() as net.AddressInfo).port);
    return relay;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private accept(client: net.Socket, targetPort: number): void {
    if (this.refusing) return void client.resetAndDestroy();
    const upstream = net.connect(targetPort, "127.0.0.1");
    for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
      this.sockets.add(from);
      from.on("data", (chunk: Buffer) => {
        if (from === client && chunk.includes("GET /api/v1/live")) this.live.add(client);
        if (!this.frozen.has(client)) to.write(chunk);
      });
      from.on("error", () => to.destroy());
      from.on("close", () => { this.sockets.delete(from); this.live.delete(from); to.destroy(); });
    }
  }

  /** Resets every open connection. */
  cut(): void {
    for (const socket of this.sockets) socket.resetAndDestroy();
  }

  /** While on, new connections are reset as soon as they open. */
  refuse(on: boolean): void {
    this.refusing = on;
  }

  /** Open live-stream connections stay open but carry nothing more, either way; new ones work. */
  freezeLiveStreams(): void {
    for (const socket of this.live) this.frozen.add(socket);
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
