import { describe, expect, it } from "vitest";
import { parseLiveNotification } from "./postgres-channel";

const project = "0b7c1f6e-2a44-4d8e-9f1a-3c5d7e9f1a2b";

describe("flux_live payloads", () => {
  it("read an alerts signal as its own event kind", () => {
    expect(parseLiveNotification(`${project} {"kind":"alerts"}`)).toEqual({ projectId: project, event: { kind: "alerts" } });
  });

  it("still read change messages as before", () => {
    const change = { metrics: ["signups"], events: [], from: "2026-11-30T10:00:00.000Z", to: "2026-11-30T10:00:00.000Z" };
    expect(parseLiveNotification(`${project} ${JSON.stringify(change)}`)).toEqual({ projectId: project, event: { kind: "change", change } });
  });

  it("drop anything malformed or naming no project", () => {
    expect(parseLiveNotification(`not-a-project {"kind":"alerts"}`)).toBeNull();
    expect(parseLiveNotification(`${project} {"kind":"alerts","extra":1}`)).toBeNull();
    expect(parseLiveNotification(`${project}`)).toBeNull();
    expect(parseLiveNotification(`{"kind":"alerts"}`)).toBeNull();
    expect(parseLiveNotification(`${project} {"kind":"other"}`)).toBeNull();
  });
});
