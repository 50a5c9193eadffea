import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { emailContent, slackBody, slackEscape, webhookBody, type AlertMessage } from "./alert-message";
import { smtpOptions, webhookSignature } from "./channel-senders";

const hostile = "<!channel> & <script>alert(1)</script> <https://evil.example|click>";
const message = (o: Partial<AlertMessage> = {}): AlertMessage => ({
  type: "firing",
  projectId: "p1",
  rule: { id: "r1", name: `Rule ${hostile}` },
  state: "firing",
  severity: "critical",
  value: 612.5,
  group: { route: hostile },
  message: `avg of ${hostile} is 612.5`,
  link: "https://flux.example.com/projects/p1/settings/alerts",
  at: "2026-12-01T10:00:00.000Z",
  ...o,
});

describe("alert messages", () => {
  it("signs webhooks as HMAC-SHA256 of '<timestamp>.<body>' in X-Flux-Signature's sha256=<hex> form", () => {
    const body = webhookBody(message());
    const expected = createHmac("sha256", "whsec_test").update(`1700000000.${body}`).digest("hex");
    expect(webhookSignature("whsec_test", 1700000000, body)).toBe(`sha256=${expected}`);
    expect(webhookSignature("whsec_other", 1700000000, body)).not.toBe(`sha256=${expected}`);
    expect(webhookSignature("whsec_test", 1700000001, body)).not.toBe(`sha256=${expected}`);
  });

  it("sends webhooks the rule, state, severity, value, group, message and link as JSON", () => {
    expect(JSON.parse(webhookBody(message()))).toEqual({
      type: "firing", rule: { id: "r1", name: `Rule ${hostile}` }, state: "firing", severity: "critical", value: 612.5,
      group: { route: hostile }, message: `avg of ${hostile} is 612.5`, link: "https://flux.example.com/projects/p1/settings/alerts", at: "2026-12-01T10:00:00.000Z", projectId: "p1",
    });
  });

  it("escapes &, < and > of data in Slack mrkdwn, so no mention, link or markup comes from data", () => {
    const body = JSON.parse(slackBody(message()));
    const texts = [body.text, ...body.blocks.flatMap((b: { text?: { text: string }; elements?: { text: string }[] }) => [b.text?.text, ...(b.elements ?? []).map((e) => e.text)])].filter(Boolean).join("\n");
    expect(texts).not.toContain("<!channel>");
    expect(texts).not.toContain("<script>");
    expect(texts).not.toContain("<https://evil.example|click>");
    expect(texts).toContain("&lt;!channel&gt; &amp; &lt;script&gt;");
    // Our own link is the one Slack link in the message.
    expect(texts.match(/<[^&]/g)).toEqual(["<h"]);
    expect(texts).toContain("<https://flux.example.com/projects/p1/settings/alerts|Open in Flux>");
    expect(slackEscape("a\nb\u202e")).toBe("a b");
  });

  it("gives Slack a fallback text and only mrkdwn sections and context blocks", () => {
    const body = JSON.parse(slackBody(message({ link: null, value: null, group: {} })));
    expect(body.text).toMatch(/^Firing: Rule /);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(["section", "context"]);
  });

  it("escapes data in the email's HTML part and keeps it readable in the text part", () => {
    const mail = emailContent(message());
    expect(mail.subject).toBe(`[Flux] Firing: Rule ${hostile}`);
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<!channel>");
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).toContain('<a href="https://flux.example.com/projects/p1/settings/alerts">Open in Flux</a>');
    expect(mail.text).toContain(`avg of ${hostile} is 612.5`);
    expect(mail.text).toContain("Open in Flux: https://flux.example.com/projects/p1/settings/alerts");
    expect(emailContent(message({ type: "resolved" })).subject).toBe(`[Flux] Resolved: Rule ${hostile}`);
  });

  it("reads SMTP_URL: smtps uses TLS on 465, smtp STARTTLS on 587, credentials decoded", () => {
    expect(smtpOptions("smtps://alerts%40ex.com:p%40ss@mail.example.com")).toMatchObject({ host: "mail.example.com", port: 465, secure: true, auth: { user: "alerts@ex.com", pass: "p@ss" } });
    expect(smtpOptions("smtp://mail.example.com")).toMatchObject({ port: 587, secure: false, auth: undefined });
    expect(smtpOptions("smtp://u:p@127.0.0.1:2525")).toMatchObject({ host: "127.0.0.1", port: 2525 });
  });
});
