import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { findUnstorableText, isStorableText, StorableString } from "./text";

describe("storable text", () => {
  it("refuses NUL and unpaired surrogates, keeps paired ones and everything else", () => {
    expect(isStorableText("plain, ünïcödé, 😀, \u200b, \t\n")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("\ud800")).toBe(false);
    expect(isStorableText("x\udc00")).toBe(false);
    expect(isStorableText("\udc00\ud800")).toBe(false);
    expect(StorableString().max(5).safeParse("a\u0000").success).toBe(false);
  });

  it("says 'must be a string' only for a value that is not a string; chained checks keep their own message", () => {
    const Title = StorableString("Give it a title").max(3);
    expect(Title.safeParse(42).error?.issues[0].message).toBe("Give it a title");
    const tooLong = Title.safeParse("abcd").error?.issues[0].message ?? "";
    expect(tooLong).not.toBe("Give it a title");
    expect(tooLong).toMatch(/3/);
  });

  it("finds the first bad string or key with its path, at any depth", () => {
    expect(findUnstorableText({ a: [{ b: "ok" }, { c: "x\u0000" }] })).toEqual(["a", 1, "c"]);
    expect(findUnstorableText({ ["k\u0000"]: 1 })).toEqual(["k\u0000"]);
    expect(findUnstorableText({ a: ["fine", 1, null, true] })).toBeNull();
    let deep: unknown = "\ud800";
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toHaveLength(200_000);
  });

  it("skips what the schema declares unknown: its reader validates it item by item", () => {
    const Batch = z.object({ events: z.array(z.unknown()).nullish(), name: z.string() });
    expect(findUnstorableText({ events: [{ name: "a\u0000" }], name: "ok" }, Batch)).toBeNull();
    expect(findUnstorableText({ events: [], name: "a\u0000" }, Batch)).toEqual(["name"]);
  });
});

describe("parseInput", () => {
  it("refuses unstorable text in any schema, naming the field, even a schema that forgot it", () => {
    const Forgetful = z.object({ project: z.object({ name: z.string().trim().min(1) }), tags: z.array(z.string()) });
    expect(() => parseInput(Forgetful, { project: { name: "Acme\u0000" }, tags: [] }, "Invalid project")).toThrow(
      expect.objectContaining({ code: "invalid", message: "Invalid project", details: [expect.objectContaining({ field: "project.name" })] }),
    );
    expect(() => parseInput(Forgetful, { project: { name: "Acme" }, tags: ["ok", "\udfff"] })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: "tags.1" })] }),
    );
    expect(parseInput(Forgetful, { project: { name: " Acme " }, tags: [] })).toEqual({ project: { name: "Acme" }, tags: [] });
  });
});
