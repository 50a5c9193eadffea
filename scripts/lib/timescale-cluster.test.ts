import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findTimescale, INSTALL_HINT } from "./timescale-cluster";

// findTimescale decides whether the TimescaleDB test leg runs or is skipped, so it is tried on
// PostgreSQL layouts built in a temp folder: executables that answer --version like the real ones.
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "flux-tsdb-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function executable(file: string, output: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' ${output.split("\n").map((l) => `'${l}'`).join(" ")}\n`, { mode: 0o755 });
  return file;
}

/** A Debian-style PostgreSQL 15 at <dir>/pg15 (bin, lib) with its share folder at <dir>/share15. */
function debianPg15(extension: { control?: string; libs?: string[] } = {}) {
  const root = path.join(dir, "pg15");
  const share = path.join(dir, "share15");
  executable(path.join(root, "bin", "postgres"), "postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)");
  fs.mkdirSync(path.join(root, "lib"), { recursive: true });
  fs.mkdirSync(path.join(share, "extension"), { recursive: true });
  if (extension.control) fs.writeFileSync(path.join(share, "extension", "timescaledb.control"), extension.control);
  for (const lib of extension.libs ?? []) fs.writeFileSync(path.join(root, "lib", lib), "");
  return { debianRoot: root, debianShare: share, pgConfigs: [] };
}

const CONTROL = "# timescaledb extension\ncomment = 'Enables scalable inserts'\ndefault_version = '2.28.3'\nmodule_pathname = '$libdir/timescaledb-2.28.3'\n";

describe("findTimescale", () => {
  it("reports no PostgreSQL 15 when there is none, with the install command", () => {
    const lookup = findTimescale({ debianRoot: path.join(dir, "none"), debianShare: path.join(dir, "none"), pgConfigs: [path.join(dir, "no-pg_config")] });
    expect(lookup).toEqual({ found: false, reason: `no PostgreSQL 15 server found; ${INSTALL_HINT}` });
  });

  it("names the other PostgreSQL versions it saw through pg_config", () => {
    const bindir = path.join(dir, "pg16", "bin");
    executable(path.join(bindir, "postgres"), "postgres (PostgreSQL) 16.4");
    const pgConfig = executable(path.join(bindir, "pg_config"), `PostgreSQL 16.4\n${bindir}\n${dir}/pg16/lib\n${dir}/pg16/share`);
    const lookup = findTimescale({ debianRoot: path.join(dir, "none"), pgConfigs: [pgConfig] });
    expect(lookup).toEqual({ found: false, reason: `no PostgreSQL 15 server found (only PostgreSQL 16.4 in ${bindir}); ${INSTALL_HINT}` });
  });

  it("reports PostgreSQL 15 without the extension's control file", () => {
    const where = debianPg15();
    const lookup = findTimescale(where);
    expect(lookup.found).toBe(false);
    expect(!lookup.found && lookup.reason).toBe(
      `TimescaleDB is not installed into PostgreSQL 15.20 (no ${path.join(where.debianShare, "extension", "timescaledb.control")}); ${INSTALL_HINT}`,
    );
  });

  it("reports a control file without the loader library", () => {
    const where = debianPg15({ control: CONTROL });
    const lookup = findTimescale(where);
    expect(!lookup.found && lookup.reason).toContain(`no ${path.join(where.debianRoot, "lib", "timescaledb.so")}`);
  });

  it("reports an install whose versioned library is missing", () => {
    const lookup = findTimescale(debianPg15({ control: CONTROL, libs: ["timescaledb.so"] }));
    expect(!lookup.found && lookup.reason).toMatch(/^TimescaleDB 2\.28\.3 is only partly installed/);
  });

  it("finds a complete install and its version, also through pg_config when Debian's folder is absent", () => {
    const where = debianPg15({ control: CONTROL, libs: ["timescaledb.so", "timescaledb-2.28.3.so", "timescaledb-tsl-2.28.3.so"] });
    const lookup = findTimescale(where);
    expect(lookup.found && { ...lookup.install, runAs: null }).toEqual({
      bindir: path.join(where.debianRoot, "bin"),
      pkglibdir: path.join(where.debianRoot, "lib"),
      sharedir: where.debianShare,
      postgresVersion: "15.20",
      timescaleVersion: "2.28.3",
      runAs: null,
    });
    const bindir = path.join(where.debianRoot, "bin");
    const pgConfig = executable(path.join(dir, "elsewhere", "pg_config"), `PostgreSQL 15.20\n${bindir}\n${where.debianRoot}/lib\n${where.debianShare}`);
    const viaPgConfig = findTimescale({ debianRoot: path.join(dir, "none"), pgConfigs: [pgConfig] });
    expect(viaPgConfig.found && viaPgConfig.install.timescaleVersion).toBe("2.28.3");
  });
});
