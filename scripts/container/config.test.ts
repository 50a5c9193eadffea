import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { containerConfig, redactedUrl, Refusal, secretFrom } from "./config";
import { ensureSecretFile } from "./secret-files";

const SECRET = "s".repeat(32);
const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flux-container-config-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function refusalOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(Refusal);
    return (error as Error).message;
  }
  throw new Error("expected a refusal");
}

describe("containerConfig", () => {
  it("refuses without AUTH_SECRET, naming the variable and how to make one", () => {
    const message = refusalOf(() => containerConfig({ DATABASE_URL: "postgres://flux@db/flux" }));
    expect(message).toContain("AUTH_SECRET is not set");
    expect(message).toContain("openssl rand -base64 32");
    expect(message).toContain("AUTH_SECRET_FILE");
  });

  it("treats an empty AUTH_SECRET (compose's ${VAR:-}) as unset", () => {
    expect(refusalOf(() => containerConfig({ AUTH_SECRET: "", DATABASE_URL: "postgres://flux@db/flux" }))).toContain("AUTH_SECRET is not set");
  });

  it("refuses an AUTH_SECRET shorter than 32 characters", () => {
    expect(refusalOf(() => containerConfig({ AUTH_SECRET: "x".repeat(31), DATABASE_URL: "postgres://flux@db/flux" }))).toContain("has 31 characters");
  });

  it("reads AUTH_SECRET from AUTH_SECRET_FILE, trimmed, when the variable is unset", () => {
    const file = path.join(tempDir(), "auth-secret");
    fs.writeFileSync(file, `${SECRET}\n`);
    expect(containerConfig({ AUTH_SECRET_FILE: file, DATABASE_URL: "postgres://flux@db/flux" }).authSecret).toBe(SECRET);
  });

  it("prefers AUTH_SECRET over AUTH_SECRET_FILE", () => {
    const file = path.join(tempDir(), "auth-secret");
    fs.writeFileSync(file, "f".repeat(40));
    expect(containerConfig({ AUTH_SECRET: SECRET, AUTH_SECRET_FILE: file, DATABASE_URL: "postgres://x@db/flux" }).authSecret).toBe(SECRET);
  });

  it("refuses a secret file that is missing or empty, naming the file", () => {
    const dir = tempDir();
    expect(refusalOf(() => secretFrom({ AUTH_SECRET_FILE: path.join(dir, "nope") }, "AUTH_SECRET"))).toMatch(/AUTH_SECRET_FILE is .*nope, which cannot be read \(ENOENT\)/);
    fs.writeFileSync(path.join(dir, "empty"), "\n");
    expect(refusalOf(() => secretFrom({ AUTH_SECRET_FILE: path.join(dir, "empty") }, "AUTH_SECRET"))).toContain("which is empty");
  });

  it("refuses without DATABASE_URL, or with one that is not postgres://", () => {
    expect(refusalOf(() => containerConfig({ AUTH_SECRET: SECRET }))).toContain("DATABASE_URL is not set");
    expect(refusalOf(() => containerConfig({ AUTH_SECRET: SECRET, DATABASE_URL: "flux at db" }))).toContain("not a URL");
    expect(refusalOf(() => containerConfig({ AUTH_SECRET: SECRET, DATABASE_URL: "db:5432/flux" }))).toContain("must start with postgres://");
    expect(refusalOf(() => containerConfig({ AUTH_SECRET: SECRET, DATABASE_URL: "mysql://flux@db/flux" }))).toContain("not mysql:");
  });

  it("puts FLUX_DB_PASSWORD_FILE's password into DATABASE_URL, encoded so any character survives", () => {
    const file = path.join(tempDir(), "db-password");
    const password = "p@ss:w/o%rd#?&é ";
    fs.writeFileSync(file, password);
    const { databaseUrl } = containerConfig({ AUTH_SECRET: SECRET, DATABASE_URL: "postgres://flux@db:5432/flux?sslmode=disable", FLUX_DB_PASSWORD_FILE: file });
    const parsed = new URL(databaseUrl);
    expect(decodeURIComponent(parsed.password)).toBe(password.trim());
    expect([parsed.username, parsed.hostname, parsed.port, parsed.pathname, parsed.search]).toEqual(["flux", "db", "5432", "/flux", "?sslmode=disable"]);
  });

  it("keeps DATABASE_URL as given when no password is configured", () => {
    expect(containerConfig({ AUTH_SECRET: SECRET, DATABASE_URL: "postgres://flux:pw@db:5432/flux" }).databaseUrl).toBe("postgres://flux:pw@db:5432/flux");
  });

  it("hides the password in log lines", () => {
    expect(redactedUrl("postgres://flux:secret@db:5432/flux")).toBe("postgres://flux:***@db:5432/flux");
  });
});

describe("ensureSecretFile", () => {
  it("generates a secret once, owner-readable only, and keeps it on later starts", () => {
    const file = path.join(tempDir(), "sub", "auth-secret");
    let n = 0;
    const generate = () => `generated-${++n}`;
    expect(ensureSecretFile({ file, generate })).toBe("generated");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureSecretFile({ file, generate })).toBe("kept");
    expect(fs.readFileSync(file, "utf8")).toBe("generated-1");
  });

  it("lets a value from the environment set or replace the secret", () => {
    const file = path.join(tempDir(), "auth-secret");
    ensureSecretFile({ file, generate: () => "old" });
    expect(ensureSecretFile({ file, value: "from-env", generate: () => "unused" })).toBe("set from the environment");
    expect(fs.readFileSync(file, "utf8")).toBe("from-env");
    expect(fs.readdirSync(path.dirname(file))).toEqual(["auth-secret"]);
  });
});
