import { describe, expect, it } from "vitest";
import { sql } from "@/lib/db/client";
import { runAction } from "@/lib/actions/action-result";
import type { Caller } from "@/lib/auth/caller";
import { createTestProject } from "@/tests/fixtures";
import { DEFAULT_STORAGE_SETTINGS, getStorageSettings, updateStorageSettings } from "./storage-settings";

// The storage settings as the settings page's server action sees them: through runAction,
// so refusals arrive as an ActionResult with the error code and the field at fault.

const update = (ctx: Caller, input: unknown) => runAction(() => updateStorageSettings({ ctx, input }));
const as = (ctx: Extract<Caller, { kind: "user" }>, role: "owner" | "editor" | "viewer"): Caller => ({ ...ctx, role });

async function saved(projectId: string): Promise<unknown> {
  const [row] = await sql()<{ storage: unknown }[]>`SELECT settings->'storage' AS storage FROM projects WHERE id = ${projectId}`;
  return row.storage;
}

describe("storage settings", () => {
  it("are the defaults, each marked as such, until an owner saves one", async () => {
    const p = await createTestProject();
    const view = await getStorageSettings({ ctx: as(p.ctx, "viewer") });
    expect(view.settings).toEqual({ rawDays: 30, rollup1mDays: 7, rollup1hDays: 395, rollup1dDays: null, compressAfterDays: 7 });
    expect(view.defaults).toEqual(DEFAULT_STORAGE_SETTINGS);
    expect(Object.values(view.isDefault).every(Boolean)).toBe(true);
  });

  it("stores what an owner changes, only where it differs from the defaults, and reads form text as days", async () => {
    const p = await createTestProject();
    const result = await update(p.ctx, { rawDays: "14", rollup1mDays: "7", rollup1hDays: 60, rollup1dDays: null });
    expect(result.ok).toBe(true);
    expect(result.data?.settings).toEqual({ rawDays: 14, rollup1mDays: 7, rollup1hDays: 60, rollup1dDays: null, compressAfterDays: 7 });
    expect(result.data?.isDefault).toEqual({ rawDays: false, rollup1mDays: true, rollup1hDays: false, rollup1dDays: true, compressAfterDays: true });
    expect(await saved(p.projectId)).toEqual({ rawDays: 14, rollup1hDays: 60 });

    // A key left out keeps its value; a value equal to the default is the default again.
    expect((await update(p.ctx, { rollup1dDays: 800 })).data?.settings).toMatchObject({ rawDays: 14, rollup1hDays: 60, rollup1dDays: 800 });
    expect((await update(p.ctx, { rawDays: 30, rollup1hDays: 395, rollup1dDays: null })).data?.isDefault.rawDays).toBe(true);
    expect(await saved(p.projectId)).toEqual({});
  });

  it("is refused to editors, viewers and keys without the admin scope, and allowed to an admin key", async () => {
    const p = await createTestProject();
    for (const ctx of [as(p.ctx, "editor"), as(p.ctx, "viewer"), { kind: "key", projectId: p.projectId, keyId: "k", scopes: ["ingest", "read"] } as Caller]) {
      expect(await update(ctx, { rawDays: 10 })).toMatchObject({ ok: false, code: "forbidden" });
    }
    expect(await saved(p.projectId)).toBeNull();
    expect((await update({ kind: "key", projectId: p.projectId, keyId: "k", scopes: ["admin"] }, { rawDays: 10, rollup1mDays: 5 })).ok).toBe(true);
  });

  it("refuses days that are not whole numbers from 1 to 36500, naming the field", async () => {
    const p = await createTestProject();
    for (const [field, value] of [
      ["rawDays", 0],
      ["rawDays", -3],
      ["rawDays", 1.5],
      ["rawDays", "abc"],
      ["rawDays", ""],
      ["rollup1hDays", 36_501],
      ["compressAfterDays", "7 days"],
      ["rollup1mDays", null],
      ["rollup1dDays", true],
    ] as const) {
      const result = await update(p.ctx, { [field]: value });
      expect({ field, value, result }).toMatchObject({ field, value, result: { ok: false, code: "invalid", fields: { [field]: expect.stringContaining("whole number of days") } } });
    }
    expect(await update(p.ctx, { rawDays: 10, retention: 3 })).toMatchObject({ ok: false, code: "invalid" });
    expect(await update(p.ctx, "30")).toMatchObject({ ok: false, code: "invalid" });
    expect(await saved(p.projectId)).toBeNull();
  });

  it("keeps the tiers in order: 1-minute at most as long as raw, hourly at least as long as raw, daily at least as long as hourly", async () => {
    const p = await createTestProject();
    expect(await update(p.ctx, { rawDays: 5 })).toMatchObject({ ok: false, code: "invalid", fields: { rollup1mDays: expect.stringContaining("at most as long as raw data (5 days)") } });
    expect(await update(p.ctx, { rawDays: 500 })).toMatchObject({ ok: false, fields: { rollup1hDays: expect.stringContaining("at least as long as raw data (500 days)") } });
    expect(await update(p.ctx, { rollup1hDays: 400, rollup1dDays: 399 })).toMatchObject({ ok: false, fields: { rollup1dDays: expect.stringContaining("at least as long as hourly rollups (400 days), or forever") } });
    expect(await saved(p.projectId)).toBeNull();
    // The edges themselves are fine.
    expect((await update(p.ctx, { rawDays: 1, rollup1mDays: 1, rollup1hDays: 1, rollup1dDays: 1 })).ok).toBe(true);
    expect((await update(p.ctx, { rawDays: 36_500, rollup1mDays: 36_500, rollup1hDays: 36_500, rollup1dDays: null })).ok).toBe(true);
    await update(p.ctx, { rawDays: 30, rollup1mDays: 7, rollup1hDays: 395 });
  });
});
