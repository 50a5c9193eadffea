import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name.startsWith(".") ? [] : sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe("after-commit subscribers", () => {
  it("are registered only by modules that instrumentation.ts starts, so they run in the server that serves ingest", () => {
    const root = path.resolve(".");
    const callers = ["app", "lib", "components"].flatMap((d) => sourceFiles(path.join(root, d)))
      .filter((f) => /\bonBatchCommitted\(/.test(fs.readFileSync(f, "utf8")))
      .map((f) => path.relative(root, f))
      .filter((f) => f !== path.join("lib", "ingest", "after-commit.ts"));
    const instrumentation = fs.readFileSync(path.join(root, "instrumentation.ts"), "utf8");
    const started = [...instrumentation.matchAll(/import\("\.\/(lib\/[^"]+)"\)/g)].map((m) => `${m[1]}.ts`);
    expect(callers.length).toBeGreaterThan(0);
    for (const caller of callers) expect(started, `${caller} subscribes to onBatchCommitted but instrumentation.ts does not start it`).toContain(caller);
  });
});
