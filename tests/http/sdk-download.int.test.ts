import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { baseUrl, createTestProject } from "@/tests/fixtures";
import { sql } from "@/lib/db/client";

// The getting-started snippets install the SDK from Flux itself: this is that path, for real.
describe("the SDK served by Flux", () => {
  it("serves browser modules under /sdk", async () => {
    const res = await fetch(`${baseUrl()}/sdk/index.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(await res.text()).toContain("createFlux");
  });

  it("installs with npm from /sdk/flux-sdk.tgz and sends data that lands in the project", { timeout: 120_000 }, async () => {
    const project = await createTestProject();
    const key = await project.key(["ingest"]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flux-sdk-install-"));
    try {
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "sdk-user", private: true, type: "module" }));
      execFileSync("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", `${baseUrl()}/sdk/flux-sdk.tgz`], { cwd: dir, stdio: "pipe" });
      const script = `
        import { createFlux } from "@flux/sdk";
        const flux = createFlux({ url: ${JSON.stringify(baseUrl())}, key: ${JSON.stringify(key)} });
        flux.track("sdk.installed", { user_id: "u1", plan: "pro" });
        flux.counter("sdk.calls", 2, { tags: { via: "tarball" } });
        await flux.shutdown();`;
      fs.writeFileSync(path.join(dir, "send.mjs"), script);
      execFileSync(process.execPath, ["send.mjs"], { cwd: dir, stdio: "pipe" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const [event] = await sql()`SELECT user_id, properties FROM events WHERE project_id = ${project.projectId} AND name = 'sdk.installed'`;
    expect(event).toMatchObject({ user_id: "u1", properties: { plan: "pro" } });
    const [point] = await sql()`
      SELECT p.value, s.tags FROM points p JOIN series s ON s.id = p.series_id
      WHERE s.project_id = ${project.projectId}`;
    expect(point).toMatchObject({ value: 2, tags: { via: "tarball" } });
  });
});
