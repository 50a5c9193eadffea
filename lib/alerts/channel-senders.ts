import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import { env } from "@/lib/env";
import type { ChannelTarget } from "./alert-channels";
import { emailContent, slackBody, webhookBody, type AlertMessage } from "./alert-message";

// Sending one message to one channel. Every attempt ends in a SendResult, never a throw: the
// outbox records it and decides about retrying.

export interface SendResult {
  ok: boolean;
  responseStatus: number | null;
  error: string | null;
}

export const SEND_TIMEOUT_MS = 10_000;
const EXCERPT_CHARS = 300;

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"), as X-Flux-Signature carries it. */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export async function sendToChannel(channel: ChannelTarget, message: AlertMessage): Promise<SendResult> {
  try {
    switch (channel.kind) {
      case "webhook": {
        const body = webhookBody(message);
        const timestamp = Math.floor(Date.now() / 1000);
        const headers: Record<string, string> = { "x-flux-timestamp": String(timestamp) };
        if (channel.secret) headers["x-flux-signature"] = webhookSignature(channel.secret, timestamp, body);
        return await postJson(channel.url, body, headers);
      }
      case "slack":
        return await postJson(channel.url, slackBody(message), {});
      case "email":
        return await sendEmail(channel.to, message);
    }
  } catch (error) {
    return { ok: false, responseStatus: null, error: describe(error) };
  }
}

/**
 * POSTs JSON with a timeout. Redirects are not followed (a receiver that moved is an error to
 * fix, and following one could carry the signed message to another host); at most a short
 * excerpt of the answer is kept.
 */
async function postJson(url: string | null, body: string, headers: Record<string, string>): Promise<SendResult> {
  if (!url) return { ok: false, responseStatus: null, error: "The channel has no URL" };
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "Flux-Alerts/1", ...headers },
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel().catch(() => {});
    return { ok: true, responseStatus: res.status, error: null };
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel().catch(() => {});
    return { ok: false, responseStatus: res.status, error: `Redirected (HTTP ${res.status}); Flux does not follow redirects, use the final URL` };
  }
  const excerpt = await readExcerpt(res);
  return { ok: false, responseStatus: res.status, error: `HTTP ${res.status}${excerpt ? `: ${excerpt}` : ""}` };
}

/** The first few hundred characters of an answer, read without downloading the rest. */
async function readExcerpt(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    while (text.length < EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // A body cut off mid-way still leaves what was read.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return text.replace(/\s+/g, " ").trim().slice(0, EXCERPT_CHARS);
}

async function sendEmail(to: string[], message: AlertMessage): Promise<SendResult> {
  const { SMTP_URL, SMTP_FROM } = env();
  if (!SMTP_URL) return { ok: false, responseStatus: null, error: "Email is not configured on this Flux (set SMTP_URL and SMTP_FROM)" };
  if (to.length === 0) return { ok: false, responseStatus: null, error: "The channel has no recipients" };
  const transport = nodemailer.createTransport(smtpOptions(SMTP_URL));
  try {
    const content = emailContent(message);
    await transport.sendMail({ from: SMTP_FROM ?? "Flux <flux@localhost>", to, subject: content.subject, text: content.text, html: content.html });
    return { ok: true, responseStatus: null, error: null };
  } finally {
    transport.close();
  }
}

/** smtp://user:pass@host:port (STARTTLS when offered) or smtps:// (TLS from the start), with our timeouts. */
export function smtpOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  return {
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  };
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string }; responseCode?: number; response?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `No answer within ${SEND_TIMEOUT_MS / 1000} s`;
  if (e?.responseCode) return `SMTP ${e.responseCode}: ${(e.response ?? "").slice(0, EXCERPT_CHARS)}`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return `${e?.message ?? String(error)}${cause ? ` (${cause})` : ""}`.slice(0, EXCERPT_CHARS);
}
