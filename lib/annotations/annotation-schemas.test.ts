import { describe, expect, it } from "vitest";
import { CreateAnnotationInput, ListAnnotationsInput, SPAN_MAX_MS, spanProblem, UpdateAnnotationInput } from "./annotation-schemas";

const fields = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);

describe("CreateAnnotationInput", () => {
  it("reads ISO instants with offsets and epoch ms as epoch ms, trims title and tags, removes duplicate tags", () => {
    const r = CreateAnnotationInput.parse({
      startsAt: "2026-03-01T10:00:00+02:00",
      endsAt: Date.UTC(2026, 2, 1, 9),
      title: "  Deploy v2  ",
      tags: [" deploy ", "deploy", "api"],
    });
    expect(r).toEqual({ startsAt: Date.UTC(2026, 2, 1, 8), endsAt: Date.UTC(2026, 2, 1, 9), title: "Deploy v2", tags: ["deploy", "api"] });
  });

  it("names each bad field", () => {
    const r = CreateAnnotationInput.safeParse({ startsAt: "2026-02-30T00:00:00Z", endsAt: "yesterday", title: " ", tags: ["a,b", "x".repeat(65), ""] });
    const messages = fields(r);
    expect(messages.some((m) => m.startsWith("startsAt: Not a valid time"))).toBe(true);
    expect(messages.some((m) => m.startsWith("endsAt: Not a valid time"))).toBe(true);
    expect(messages).toContain("title: Give the annotation a title");
    expect(messages).toContain("tags.0: A tag cannot contain a comma");
    expect(messages).toContain("tags.1: A tag has at most 64 characters");
    expect(messages).toContain("tags.2: A tag cannot be empty");
  });

  it("refuses a local time without offset, a title over 200 characters, 21 tags, unknown fields and NUL", () => {
    expect(fields(CreateAnnotationInput.safeParse({ startsAt: "2026-03-01T10:00:00", title: "t" }))[0]).toMatch(/^startsAt: Give a full date and time with its offset/);
    expect(fields(CreateAnnotationInput.safeParse({ title: "x".repeat(201) }))).toEqual(["title: A title has at most 200 characters"]);
    expect(CreateAnnotationInput.safeParse({ title: "x".repeat(200) }).success).toBe(true);
    const tags = Array.from({ length: 21 }, (_, i) => `t${i}`);
    expect(fields(CreateAnnotationInput.safeParse({ title: "t", tags }))).toEqual(["tags: At most 20 tags"]);
    expect(CreateAnnotationInput.safeParse({ title: "t", tags: tags.slice(1) }).success).toBe(true);
    expect(CreateAnnotationInput.safeParse({ title: "t", color: "red" }).success).toBe(false);
    expect(CreateAnnotationInput.safeParse({ title: "a\u0000b" }).success).toBe(false);
    expect(CreateAnnotationInput.safeParse({ title: 5 }).success).toBe(false);
  });

  it("refuses an end before the start and a span longer than the bound, on endsAt", () => {
    const start = Date.UTC(2026, 0, 1);
    expect(fields(CreateAnnotationInput.safeParse({ title: "t", startsAt: start, endsAt: start - 1 }))).toEqual(["endsAt: endsAt must not be before startsAt"]);
    expect(fields(CreateAnnotationInput.safeParse({ title: "t", startsAt: start, endsAt: start + SPAN_MAX_MS + 1 }))[0]).toMatch(/^endsAt: A span lasts at most 366 days/);
    expect(CreateAnnotationInput.safeParse({ title: "t", startsAt: start, endsAt: start + SPAN_MAX_MS }).success).toBe(true);
    expect(CreateAnnotationInput.safeParse({ title: "t", startsAt: start, endsAt: start }).success).toBe(true);
  });

  it("makes an empty description null", () => {
    expect(CreateAnnotationInput.parse({ title: "t", description: "  " }).description).toBeNull();
  });
});

describe("UpdateAnnotationInput", () => {
  it("needs at least one field and allows endsAt null (back to an instant)", () => {
    expect(UpdateAnnotationInput.safeParse({}).success).toBe(false);
    expect(UpdateAnnotationInput.parse({ endsAt: null })).toEqual({ endsAt: null });
  });
});

describe("ListAnnotationsInput", () => {
  it("reads tags from repeated and comma-separated query values", () => {
    expect(ListAnnotationsInput.parse({ from: 0, to: 10, tags: ["deploy,api", "web"] }).tags).toEqual(["deploy", "api", "web"]);
    expect(ListAnnotationsInput.parse({ from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z", tags: "deploy" }).tags).toEqual(["deploy"]);
  });

  it("refuses to before from, also against the default to (now)", () => {
    expect(fields(ListAnnotationsInput.safeParse({ from: 10, to: 5 }))).toEqual(["to: to must not be before from"]);
    expect(fields(ListAnnotationsInput.safeParse({ from: Date.now() + 3_600_000 }))).toEqual(["to: to must not be before from"]);
  });

  it("defaults to the last seven days up to now", () => {
    const before = Date.now();
    const r = ListAnnotationsInput.parse({});
    expect(r.to).toBeGreaterThanOrEqual(before);
    expect(r.to - r.from).toBe(7 * 86_400_000);
    expect(ListAnnotationsInput.parse({ to: 8 * 86_400_000 }).from).toBe(86_400_000);
  });
});

describe("spanProblem", () => {
  it("accepts instants and bounded spans only", () => {
    expect(spanProblem(5, null)).toBeNull();
    expect(spanProblem(5, 4)?.field).toBe("endsAt");
    expect(spanProblem(0, SPAN_MAX_MS)).toBeNull();
    expect(spanProblem(0, SPAN_MAX_MS + 1)?.field).toBe("endsAt");
  });
});
