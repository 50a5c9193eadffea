// Assembles the runtime tree of Flux's image from a build made with FLUX_STANDALONE=1
// (`npm run build`): Next.js's standalone server with its static files and public/, the
// migrations, and the container scripts bundled with esbuild. The Dockerfile runs it into /out
// and copies only that into the runtime image; tests/deploy runs it into a temporary folder.
//   npx tsx scripts/container/assemble.ts <out>
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

// Native, or loaded by path at run time: taken from the standalone node_modules, not bundled.
const EXTERNAL = ["@node-rs/argon2"];

const out = path.resolve(process.argv[2] ?? "");
if (!process.argv[2]) throw new Error("usage: tsx scripts/container/assemble.ts <out folder>");
const distDir = process.env.FLUX_DIST_DIR || ".next";
const standalone = path.join(distDir, "standalone");
if (!fs.existsSync(path.join(standalone, "server.js"))) {
  throw new Error(`${standalone}/server.js is missing: build with FLUX_STANDALONE=1 npm run build first.`);
}

fs.rmSync(out, { recursive: true, force: true });
fs.cpSync(standalone, out, { recursive: true, verbatimSymlinks: true });
fs.cpSync(path.join(distDir, "static"), path.join(out, distDir, "static"), { recursive: true });
fs.cpSync("public", path.join(out, "public"), { recursive: true });
// The migrator reads the journal and the SQL files; the snapshots are for drizzle-kit only.
fs.mkdirSync(path.join(out, "drizzle", "meta"), { recursive: true });
fs.copyFileSync(path.join("drizzle", "meta", "_journal.json"), path.join(out, "drizzle", "meta", "_journal.json"));
for (const file of fs.readdirSync("drizzle").filter((f) => f.endsWith(".sql"))) {
  fs.copyFileSync(path.join("drizzle", file), path.join(out, "drizzle", file));
}

await build({
  entryPoints: { start: "scripts/container/start.ts", "init-secrets": "scripts/container/init-secrets.ts" },
  outdir: path.join(out, "container"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: EXTERNAL,
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __fluxRequire } from 'node:module'; const require = __fluxRequire(import.meta.url);" },
  logLevel: "warning",
});

// Fail the image build, not its first start, when tracing left out what the scripts load.
const requireFromOut = createRequire(path.join(out, "container", "start.mjs"));
for (const name of EXTERNAL) requireFromOut.resolve(name);
console.log(`Runtime tree assembled in ${out}.`);
