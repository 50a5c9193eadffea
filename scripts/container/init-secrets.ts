// docker compose's one-shot `secrets` service (docker-compose.yml): before PostgreSQL and Flux
// start, gives this installation its own AUTH_SECRET and database password in the flux-secrets
// volume. No install shares a default; values set in .env win (and can rotate AUTH_SECRET).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { checkAuthSecret, Refusal } from "./config";
import { ensureSecretFile } from "./secret-files";

const dir = process.env.FLUX_SECRETS_DIR || "/var/lib/flux";
// The image's non-root user (Dockerfile), which runs Flux and must read the files.
const owner = process.env.FLUX_SECRETS_OWNER || "flux";
const files = { auth: path.join(dir, "auth-secret"), db: path.join(dir, "db-password") };

try {
  if (process.env.AUTH_SECRET) checkAuthSecret(process.env.AUTH_SECRET);
  const auth = ensureSecretFile({
    file: files.auth,
    value: process.env.AUTH_SECRET || undefined,
    generate: () => randomBytes(32).toString("base64url"),
  });
  // Hex: the password goes into a connection URL, and some tools mangle other characters.
  const db = ensureSecretFile({
    file: files.db,
    value: process.env.FLUX_DB_PASSWORD || undefined,
    generate: () => randomBytes(24).toString("hex"),
  });
  // Run as root (docker-compose.yml), it hands the volume to `owner`: the volume may have
  // been created root-owned (by whichever container mounted it first).
  if (process.getuid?.() === 0) {
    const ids = userIds(owner);
    for (const p of [dir, files.auth, files.db]) fs.chownSync(p, ids.uid, ids.gid);
    fs.chmodSync(dir, 0o700);
  }
  console.log(`Secrets in ${dir}: AUTH_SECRET ${auth}, database password ${db}.`);
} catch (error) {
  console.error(error instanceof Refusal ? `Flux refuses to start: ${error.message}` : error);
  process.exit(1);
}

function userIds(name: string): { uid: number; gid: number } {
  const line = fs.readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`no user ${name} in /etc/passwd`);
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}
