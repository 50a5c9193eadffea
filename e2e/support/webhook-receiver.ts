import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  close(): Promise<void>;
}

/** A local HTTP endpoint that records every POST and answers 200: where an e2e webhook channel sends. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method === "POST") received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(req.method === "POST" ? 200 : 405, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/flux-hook`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
