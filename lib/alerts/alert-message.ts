import { html, plainText } from "@/lib/format/escape-html";
import type { AlertState } from "./alert-schemas";

// One alert message, stored in the outbox as it was decided, and rendered per channel when
// sent: webhook JSON, Slack blocks, an email. Data (rule names, metric names, tag values)
// is escaped for each: Slack's mrkdwn and the email's HTML part never carry it as markup.

export type MessageType = "firing" | "reminder" | "resolved" | "test";

export interface AlertMessage {
  type: MessageType;
  projectId: string;
  rule: { id: string; name: string } | null;
  state: AlertState;
  severity: "info" | "warning" | "critical";
  value: number | null;
  group: Record<string, string>;
  message: string;
  /** Back to Flux (the alert's page); null when Flux's public address (AUTH_URL) is unknown. */
  link: string | null;
  at: string;
}

/** What a webhook receiver gets: the message as JSON. */
export function webhookBody(m: AlertMessage): string {
  return JSON.stringify({
    type: m.type,
    rule: m.rule,
    state: m.state,
    severity: m.severity,
    value: m.value,
    group: m.group,
    message: m.message,
    link: m.link,
    at: m.at,
    projectId: m.projectId,
  });
}

const HEADLINE: Record<MessageType, string> = { firing: "Firing", reminder: "Still firing", resolved: "Resolved", test: "Test message" };
const EMOJI: Record<MessageType, string> = { firing: ":red_circle:", reminder: ":large_orange_circle:", resolved: ":large_green_circle:", test: ":white_circle:" };

const groupText = (g: Record<string, string>) => Object.entries(g).map(([k, v]) => `${k}=${v}`).join(", ");

/** A short line of data as Slack shows it: & < > escaped (Slack's only control characters), no line breaks. */
export function slackEscape(value: unknown, max = 500): string {
  return plainText(value, max).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A Slack incoming-webhook payload: a fallback `text` and mrkdwn blocks with a link back. */
export function slackBody(m: AlertMessage): string {
  const title = m.rule ? m.rule.name : "Flux";
  const lines = [`${EMOJI[m.type]} *${HEADLINE[m.type]}: ${slackEscape(title, 150)}*`, slackEscape(m.message, 1500)];
  const facts = [`Severity: *${m.severity}*`];
  if (m.value !== null) facts.push(`Value: *${slackEscape(formatValue(m.value))}*`);
  if (Object.keys(m.group).length > 0) facts.push(`Group: ${slackEscape(groupText(m.group), 300)}`);
  const blocks: unknown[] = [
    { type: "section", text: { type: "mrkdwn", text: lines.join("\n") } },
    { type: "context", elements: [{ type: "mrkdwn", text: facts.join("  ·  ") }] },
  ];
  // Slack's link syntax is <url|label>; the URL is ours (AUTH_URL + ids), but is escaped like data anyway.
  if (m.link) blocks.push({ type: "section", text: { type: "mrkdwn", text: `<${slackEscape(m.link, 1000)}|Open in Flux>` } });
  return JSON.stringify({ text: `${HEADLINE[m.type]}: ${slackEscape(title, 150)}`, blocks });
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function emailContent(m: AlertMessage): EmailContent {
  const title = m.rule ? m.rule.name : "Flux";
  const subject = `[Flux] ${HEADLINE[m.type]}: ${plainText(title, 150)}`;
  const facts: [string, string][] = [["Severity", m.severity], ["State", m.state]];
  if (m.value !== null) facts.push(["Value", formatValue(m.value)]);
  if (Object.keys(m.group).length > 0) facts.push(["Group", groupText(m.group)]);
  facts.push(["At", m.at]);
  const text = [
    `${HEADLINE[m.type]}: ${plainText(title, 150)}`,
    "",
    plainText(m.message, 2000),
    "",
    ...facts.map(([k, v]) => `${k}: ${plainText(v, 300)}`),
    ...(m.link ? ["", `Open in Flux: ${m.link}`] : []),
  ].join("\n");
  const body = html`<!doctype html><html><body style="font-family:system-ui,sans-serif">
<h2 style="margin:0 0 8px">${HEADLINE[m.type]}: ${title}</h2>
<p>${plainText(m.message, 2000)}</p>
<table cellpadding="4">${facts.map(([k, v]) => html`<tr><th align="left">${k}</th><td>${plainText(v, 300)}</td></tr>`)}</table>
${m.link ? html`<p><a href="${m.link}">Open in Flux</a></p>` : ""}
</body></html>`;
  return { subject, text, html: body.toString() };
}

export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  return abs !== 0 && (abs >= 1e12 || abs < 1e-4) ? v.toExponential(3) : String(Number(v.toPrecision(6)));
}
