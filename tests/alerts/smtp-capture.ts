import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A local SMTP server (smtp-server) that accepts every message and keeps it, decoded enough to
// assert on: envelope, headers, and the text and HTML parts.

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface SmtpCapture {
  url: string;
  mails: CapturedMail[];
  to(address: string): CapturedMail[];
  waitFor(address: string, n: number, timeoutMs?: number): Promise<CapturedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: "flux" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: decodeHeader(header(raw, "subject")),
          text: part(raw, "text/plain"),
          html: part(raw, "text/html"),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  const forAddress = (a: string) => mails.filter((m) => m.to.includes(a.toLowerCase()));
  return {
    url: `smtp://flux:secret@127.0.0.1:${port}`,
    mails,
    to: forAddress,
    async waitFor(address, n, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (forAddress(address).length >= n) return forAddress(address);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`${address}: expected ${n} mails within ${timeoutMs} ms, got ${forAddress(address).length}`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function header(block: string, name: string): string {
  const head = block.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  const m = new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head);
  return m ? m[1].trim() : "";
}

/** RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=). */
function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeQuotedPrintable(text.replace(/_/g, " ")),
  );
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, "");
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i], "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

/** The decoded body of the first MIME part of the given type (or of the message itself). */
function part(raw: string, type: string): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " "))?.[1];
  const blocks = boundary ? raw.split(`--${boundary}`).slice(1) : [raw];
  for (const block of blocks) {
    const b = block.replace(/^\r?\n/, "");
    if (!header(b, "content-type").toLowerCase().startsWith(type)) continue;
    const body = b.split(/\r?\n\r?\n/).slice(1).join("\r\n\r\n").replace(/\r?\n$/, "");
    const encoding = header(b, "content-transfer-encoding").toLowerCase();
    if (encoding === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    if (encoding === "quoted-printable") return decodeQuotedPrintable(body);
    return body;
  }
  return "";
}
