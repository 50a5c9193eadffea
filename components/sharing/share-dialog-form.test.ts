import { describe, expect, it } from "vitest";
import { embedSnippet, emptyShareDraft, shareLinkBody, shareUrl, type ShareDraft } from "./share-dialog-form";

const NOW = Date.UTC(2026, 5, 15, 12);
const draft = (over: Partial<ShareDraft>): ShareDraft => ({ ...emptyShareDraft(), label: "Wall", ...over });

describe("shareLinkBody", () => {
  it("sends a trimmed label, no expiry, no password and the saved range by default", () => {
    expect(shareLinkBody(draft({ label: "  Wall  " }), NOW)).toEqual({ body: { label: "Wall", expiresAt: null, password: null, allowRangeChange: false, maxLookbackDays: null } });
  });

  it("turns 1, 7 and 30 days into instants that many days from now", () => {
    for (const days of ["1", "7", "30"] as const) {
      const made = shareLinkBody(draft({ expiry: days }), NOW);
      expect("body" in made && made.body.expiresAt).toBe(new Date(NOW + Number(days) * 86_400_000).toISOString());
    }
  });

  it("expires on a picked date at the end of that day in the browser's zone", () => {
    const made = shareLinkBody(draft({ expiry: "date", expiryDate: "2026-07-01" }), NOW);
    expect("body" in made && made.body.expiresAt).toBe(new Date(2026, 6, 1, 23, 59, 59, 999).toISOString());
  });

  it("asks for a date that is picked, real and not past", () => {
    expect(shareLinkBody(draft({ expiry: "date", expiryDate: "" }), NOW)).toMatchObject({ field: "expiryDate" });
    expect(shareLinkBody(draft({ expiry: "date", expiryDate: "2026-02-31" }), NOW)).toMatchObject({ field: "expiryDate", message: "Pick a real day" });
    expect(shareLinkBody(draft({ expiry: "date", expiryDate: "2026-06-01" }), NOW)).toMatchObject({ field: "expiryDate" });
  });

  it("refuses an empty or over-long label and a short password before sending", () => {
    expect(shareLinkBody(draft({ label: "   " }), NOW)).toMatchObject({ field: "label" });
    expect(shareLinkBody(draft({ label: "x".repeat(101) }), NOW)).toMatchObject({ field: "label" });
    expect(shareLinkBody(draft({ password: "1234567" }), NOW)).toMatchObject({ field: "password" });
    expect(shareLinkBody(draft({ password: "12345678" }), NOW)).toMatchObject({ body: { password: "12345678" } });
  });

  it("sends the look-back only when the range may change; an empty choice is no limit", () => {
    expect(shareLinkBody(draft({ allowRangeChange: false, lookbackDays: "30" }), NOW)).toMatchObject({ body: { allowRangeChange: false, maxLookbackDays: null } });
    expect(shareLinkBody(draft({ allowRangeChange: true, lookbackDays: "90" }), NOW)).toMatchObject({ body: { allowRangeChange: true, maxLookbackDays: 90 } });
    expect(shareLinkBody(draft({ allowRangeChange: true, lookbackDays: "" }), NOW)).toMatchObject({ body: { allowRangeChange: true, maxLookbackDays: null } });
  });
});

describe("shareUrl and embedSnippet", () => {
  it("builds the absolute URL from the origin", () => {
    expect(shareUrl("https://flux.example.com/", "/share/fxs_abc")).toBe("https://flux.example.com/share/fxs_abc");
  });

  it("frames the page in embed mode and escapes the dashboard's name in the title", () => {
    const snippet = embedSnippet("https://flux.example.com/share/fxs_abc", `Sales "Q3" <script>alert(1)</script> & co`);
    expect(snippet).toBe(
      `<iframe src="https://flux.example.com/share/fxs_abc?embed=1" width="100%" height="600" style="border:0" title="Sales &quot;Q3&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" loading="lazy"></iframe>`,
    );
  });
});
