import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const SDK_PUBLIC_DIR = path.join("public", "sdk");

/**
 * Compiles the TypeScript SDK and publishes it from Flux itself, so the getting-started
 * snippets work with no registry: `npm install <flux>/sdk/flux-sdk.tgz` (an npm package
 * tarball) for Node.js, and `import … from "<flux>/sdk/index.js"` for browsers.
 */
export function buildSdk(root = process.cwd()): void {
  const sdk = path.join(root, "sdk");
  const out = path.join(root, SDK_PUBLIC_DIR);
  execFileSync(process.execPath, [path.join(root, "node_modules", "typescript", "bin", "tsc"), "-p", sdk], { stdio: "inherit" });
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const file of fs.readdirSync(path.join(sdk, "dist"))) {
    if (file.endsWith(".js") || file.endsWith(".d.ts")) fs.copyFileSync(path.join(sdk, "dist", file), path.join(out, file));
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "flux-sdk-"));
  try {
    const packed = JSON.parse(execFileSync("npm", ["pack", sdk, "--json", "--pack-destination", tmp], { encoding: "utf8" })) as { filename: string }[];
    fs.copyFileSync(path.join(tmp, packed[0].filename), path.join(out, "flux-sdk.tgz"));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
