import { describe, expect, it } from "vitest";
import { createTestProject } from "../fixtures";
import { post, storedEvents, storedPoints, isoAgo, rubySdkHeaders } from "./helpers";

// What the BrainzLab Ruby SDK 0.1.10 sent, byte for byte, for
//   Flux.track('money.event', value: BigDecimal('99.99'), tags: { currency: :eur }, at: Time.utc(2026, 1, 2, 3, 4, 5), kind: :sym)
//   Flux.gauge('money.gauge', BigDecimal('12.5'))
// Ruby's JSON writes a BigDecimal as a string ("0.9999e2"); ActiveSupport writes "99.99".
const headers = rubySdkHeaders("0.1.10");

describe("values the Ruby SDK sends as decimal strings", () => {
  it("stores a BigDecimal event value and gauge value as numbers", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const res = await post(
      "/api/v1/flux/batch",
      key,
      {
        events: [
          {
            name: "money.event",
            timestamp: isoAgo(),
            properties: { at: "2026-01-02 03:04:05 UTC", kind: "sym" },
            user_id: null,
            session_id: null,
            value: "0.9999e2",
            tags: { currency: "eur" },
            environment: "production",
            service: "shop",
          },
          { name: "money.rails", timestamp: isoAgo(), properties: {}, user_id: "7", session_id: null, value: "99.99", tags: {}, environment: "production", service: "shop" },
        ],
        metrics: [
          { type: "gauge", name: "money.gauge", value: "0.125e2", tags: {}, timestamp: isoAgo() },
          { type: "counter", name: "money.refunds", value: "-0.3e1", tags: {}, timestamp: isoAgo() },
        ],
      },
      headers,
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: 4, rejected: [] });

    const events = await storedEvents(p.projectId);
    expect(events.map((e) => [e.name, e.value])).toEqual([
      ["money.event", 99.99],
      ["money.rails", 99.99],
    ]);
    expect(events[0]).toMatchObject({ tags: { currency: "eur" }, properties: { at: "2026-01-02 03:04:05 UTC", kind: "sym" } });
    const points = await storedPoints(p.projectId);
    expect(points.map((x) => [x.name, x.value])).toEqual(expect.arrayContaining([["money.gauge", 12.5], ["money.refunds", -3]]));
  });

  it("still rejects a value string that is not a decimal number, saying what is wrong", async () => {
    const p = await createTestProject();
    const key = await p.key(["ingest"]);
    const res = await post("/api/v1/events", key, { name: "money.event", timestamp: isoAgo(), properties: {}, value: "99,99 €", tags: {} }, headers);
    expect(res.status).toBe(422);
    expect(res.body.error?.details).toEqual([{ index: 0, kind: "event", field: "events[0].value", message: "value must be a number" }]);
  });
});
