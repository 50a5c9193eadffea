import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "next.config.ts", "tsconfig.json", "package-lock.json", "proxy.ts", "instrumentation.ts"];

/** A content hash of everything that goes into the production build. */
export function sourceFingerprint(root = process.cwd()): string {
  const hash = createHash("sha256");
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    } else {
      hash.update(path.relative(root, p));
      hash.update(fs.readFileSync(p));
    }
  };
  for (const s of SOURCES) visit(path.join(root, s));
  return hash.digest("hex");
}

/** Runs `next build` when the build in distDir is missing or was made from other sources. */
export function ensureBuild(options: { distDir?: string; log?: (line: string) => void } = {}): void {
  const distDir = options.distDir ?? ".next";
  const log = options.log ?? console.log;
  const marker = path.join(distDir, "flux-build-fingerprint");
  const fingerprint = sourceFingerprint();
  const current = fs.existsSync(path.join(distDir, "BUILD_ID")) && fs.existsSync(marker) ? fs.readFileSync(marker, "utf8") : "";
  if (current === fingerprint) return;
  log(current ? "Sources changed since the last build: building Flux…" : "No production build yet: building Flux (about a minute)…");
  const result = spawnSync(process.execPath, [require_next_bin(), "build"], {
    stdio: "inherit",
    env: { ...process.env, FLUX_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
  fs.writeFileSync(marker, fingerprint);
}

export function require_next_bin(): string {
  return path.join(process.cwd(), "node_modules", "next", "dist", "bin", "next");
}
