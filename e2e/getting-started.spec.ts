import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";

/** The metric and event names README.md's TypeScript SDK example sends. */
function readmeSdkNames(): string[] {
  const readme = fs.readFileSync(path.join(process.cwd(), "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### TypeScript SDK"));
  const example = section.match(/```ts\n([\s\S]*?)```/)![1];
  return [...example.matchAll(/flux\.(?:track|gauge|counter|increment|distribution)\("([^"]+)"/g)].map((m) => m[1]);
}

async function copied(page: Page, button: string): Promise<string> {
  const start = page.getByTestId("getting-started");
  await start.getByRole("button", { name: button }).click();
  await expect(start.getByRole("button", { name: button })).toHaveText("Copied");
  return page.evaluate(() => navigator.clipboard.readText());
}

test("the getting-started Copy buttons give one install command and JavaScript that runs as pasted, with the README's names", async ({ page }) => {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, newAccount("snippets"));
  const projectId = await createProject(page, "Snippets");
  const start = page.getByTestId("getting-started");
  await start.getByTestId("create-ingest-key").click();
  const key = (await start.getByTestId("ingest-key").textContent())!.trim();

  // The shell block: one command, nothing else.
  const install = await copied(page, "Copy the Install the SDK snippet");
  expect(install).toMatch(/^npm install https?:\/\/\S+\/sdk\/flux-sdk\.tgz$/);
  expect(install).toBe(await start.getByTestId("snippet-install-the-sdk").textContent());
  const tarball = install.split(" ")[2];
  const tgz = await page.request.get(tarball);
  expect(tgz.status()).toBe(200);

  // The JavaScript block: no shell line in it, the key in it, and the README's names.
  const js = await copied(page, "Copy the SDK (Node.js or browser) snippet");
  expect(js).toBe(await start.getByTestId("snippet-sdk-node-js-or-browser-").textContent());
  expect(js.split("\n").filter((l) => /^\s*(npm|npx|yarn|pnpm|curl|\$|#)/.test(l))).toEqual([]);
  expect(js).toContain(`key: "${key}"`);
  const names = readmeSdkNames();
  expect(names.length).toBeGreaterThanOrEqual(4);
  const sent = [...js.matchAll(/flux\.\w+\("([^"]+)"/g)].map((m) => m[1]);
  expect(sent.length).toBeGreaterThan(0);
  for (const name of sent) expect(names, `${name} is a name README.md's SDK example uses`).toContain(name);
  const curl = (await start.getByTestId("snippet-curl").textContent())!;
  for (const name of [...curl.matchAll(/"name":"([^"]+)"/g)].map((m) => m[1])) expect(names).toContain(name);

  // It runs: the copied text as an ES module, with @flux/sdk installed from the tarball the
  // shell block names (unpacked as npm would), sends to this Flux and exits by itself.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flux-snippet-"));
  try {
    const pkg = path.join(dir, "node_modules", "@flux", "sdk");
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(dir, "sdk.tgz"), await tgz.body());
    execFileSync("tar", ["-xzf", path.join(dir, "sdk.tgz"), "-C", pkg, "--strip-components=1"]);
    fs.writeFileSync(path.join(dir, "snippet.mjs"), js);
    execFileSync(process.execPath, ["--check", path.join(dir, "snippet.mjs")]);
    execFileSync(process.execPath, [path.join(dir, "snippet.mjs")], { cwd: dir, timeout: 30_000, stdio: "pipe" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // What it sent arrives under those names: the page turns into the catalog by itself.
  await expect(page.getByTestId("getting-started")).toHaveCount(0, { timeout: 15_000 });
  const catalog = page.getByTestId("catalog");
  for (const name of sent) {
    await expect(catalog.locator(`[data-metric="${name}"], [data-event="${name}"]`), name).toHaveCount(1);
  }
  expect(page.url()).toContain(projectId);
});

test("Copy still copies where the page has no Clipboard API (Flux over plain http on a LAN address)", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, newAccount("no-clipboard-api"));
  const projectId = await createProject(page, "Plain http");
  // As in an insecure context: navigator.clipboard is undefined.
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined }));
  await page.goto(`/projects/${projectId}`);
  expect(await page.evaluate(() => navigator.clipboard === undefined)).toBe(true);
  const start = page.getByTestId("getting-started");
  await start.getByRole("button", { name: "Copy the Install the SDK snippet" }).click();
  await expect(start.getByRole("button", { name: "Copy the Install the SDK snippet" })).toHaveText("Copied");
  // Read back from a page that has the API (the clipboard is the browser's).
  const reader = await context.newPage();
  await reader.goto(`/projects/${projectId}`);
  expect(await reader.evaluate(() => navigator.clipboard.readText())).toBe(await start.getByTestId("snippet-install-the-sdk").textContent());
});
