import { describe, expect, it } from "vitest";
import { draftBody, parseTags, parseWallTime, wallTimeText } from "./annotation-form";

describe("annotation form", () => {
  it("reads and writes datetime-local text in the dashboard's zone, across DST", () => {
    const ms = Date.UTC(2026, 2, 29, 0, 30); // 01:30 in Berlin, half an hour before the change
    expect(wallTimeText(ms, "Europe/Berlin")).toBe("2026-03-29T01:30");
    expect(parseWallTime("2026-03-29T01:30", "Europe/Berlin")).toBe(ms);
    expect(parseWallTime("2026-03-29T03:30", "Europe/Berlin")).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(parseWallTime("2026-07-01T12:00", "UTC")).toBe(Date.UTC(2026, 6, 1, 12));
    expect(wallTimeText(Date.UTC(2026, 6, 1, 12), "America/New_York")).toBe("2026-07-01T08:00");
  });

  it("refuses text that is not a time or a date that does not exist", () => {
    for (const bad of ["", "yesterday", "2026-02-31T10:00", "2026-13-01T10:00", "2026-01-01T24:00", "2026-01-01"]) expect(parseWallTime(bad, "UTC"), bad).toBeNull();
  });

  it("splits tags on commas and spaces without repeats", () => {
    expect(parseTags(" deploy, api  web,,deploy ")).toEqual(["deploy", "api", "web"]);
    expect(parseTags("  ")).toEqual([]);
  });

  it("makes the request body, or names the field to fix", () => {
    const draft = { title: " Deploy ", startsAt: "2026-07-01T12:00", endsAt: "", tags: "deploy", description: "" };
    expect(draftBody(draft, "UTC")).toEqual({ body: { title: "Deploy", startsAt: "2026-07-01T12:00:00.000Z", endsAt: null, tags: ["deploy"] } });
    expect(draftBody({ ...draft, endsAt: "2026-07-01T13:00", description: " why " }, "Europe/Berlin")).toEqual({
      body: { title: "Deploy", startsAt: "2026-07-01T10:00:00.000Z", endsAt: "2026-07-01T11:00:00.000Z", tags: ["deploy"], description: "why" },
    });
    expect(draftBody({ ...draft, title: " " }, "UTC")).toMatchObject({ field: "title" });
    expect(draftBody({ ...draft, startsAt: "" }, "UTC")).toMatchObject({ field: "startsAt" });
    expect(draftBody({ ...draft, endsAt: "2026-07-01T11:00" }, "UTC")).toMatchObject({ field: "endsAt", message: "The end must not be before the start" });
  });
});
