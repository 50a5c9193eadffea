import { describe, expect, it } from "vitest";
import { bySeverityThenAge, firingCountLabel, firingFor, formatAgo, formatDuration, groupLabel, worstSeverity } from "./alert-format";

const now = Date.parse("2026-11-30T12:00:00Z");

describe("alert wording", () => {
  it("says how long an alert has been firing in the largest fitting units", () => {
    expect(formatDuration("2026-11-30T11:59:30Z", now)).toBe("just now");
    expect(formatDuration("2026-11-30T12:00:30Z", now)).toBe("just now");
    expect(formatDuration("2026-11-30T11:56:00Z", now)).toBe("4 min");
    expect(formatDuration("2026-11-30T10:00:00Z", now)).toBe("2 h");
    expect(formatDuration("2026-11-30T09:55:00Z", now)).toBe("2 h 5 min");
    expect(formatDuration("2026-11-27T08:00:00Z", now)).toBe("3 d 4 h");
    expect(formatDuration("not a date", now)).toBe("just now");
  });

  it("puts how long an alert has fired as a phrase that reads right when it has just begun", () => {
    expect(firingFor("2026-11-30T11:59:30Z", now)).toBe("since just now");
    expect(firingFor("2026-11-30T11:56:00Z", now)).toBe("for 4 min");
  });

  it("names a group by its sorted tags, as one line without hidden characters", () => {
    expect(groupLabel({ plan: "pro", country: "DE" })).toBe("country=DE, plan=pro");
    expect(groupLabel({})).toBe("");
    expect(groupLabel(null)).toBe("");
    expect(groupLabel({ k: "a\u202Eb\nc" })).toBe("k=ab c");
    expect(groupLabel({ k: "x".repeat(500) }).length).toBeLessThanOrEqual(120);
  });

  it("orders the most severe and the oldest first and colours the badge by the worst", () => {
    const list = [
      { severity: "info", since: "2026-11-30T10:00:00Z" },
      { severity: "critical", since: "2026-11-30T11:00:00Z" },
      { severity: "critical", since: "2026-11-30T09:00:00Z" },
      { severity: "warning", since: "2026-11-30T08:00:00Z" },
    ];
    expect([...list].sort(bySeverityThenAge).map((a) => `${a.severity}@${a.since.slice(11, 13)}`)).toEqual(["critical@09", "critical@11", "warning@08", "info@10"]);
    expect(worstSeverity(list)).toBe("critical");
    expect(worstSeverity([{ severity: "info" }])).toBe("info");
    expect(worstSeverity([])).toBeNull();
    expect(firingCountLabel(2)).toBe("2 firing");
    expect(formatAgo("2026-11-30T11:56:00Z", now)).toBe("4 min ago");
    expect(formatAgo("2026-11-30T11:59:50Z", now)).toBe("just now");
  });
});
