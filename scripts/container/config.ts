import fs from "node:fs";

/** Why the container will not start: printed as it is, and the process exits with status 1. */
export class Refusal extends Error {}

/** Session cookies are signed with AUTH_SECRET: shorter is guessable (README: 32+ random characters). */
export const MIN_AUTH_SECRET_LENGTH = 32;

/** process.env, or a plain object in tests. */
export type Environment = Record<string, string | undefined>;

export interface ContainerConfig {
  authSecret: string;
  databaseUrl: string;
}

/**
 * A secret from the variable NAME, else from the file named by NAME_FILE (Docker secrets, or
 * the secrets volume of docker-compose.yml). An empty value counts as unset.
 */
export function secretFrom(env: Environment, name: string): string | undefined {
  if (env[name]) return env[name];
  const file = env[`${name}_FILE`];
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Refusal(`${name}_FILE is ${file}, which cannot be read (${code}).`);
  }
  const value = text.trim();
  if (!value) throw new Refusal(`${name}_FILE is ${file}, which is empty.`);
  return value;
}

export function checkAuthSecret(secret: string | undefined): string {
  if (!secret) {
    throw new Refusal(
      [
        "AUTH_SECRET is not set. It signs every session cookie, so each installation needs a random value of its own:",
        '  docker run -e AUTH_SECRET="$(openssl rand -base64 32)" …   (or AUTH_SECRET_FILE=/run/secrets/<file>)',
        "docker compose makes one on first start and keeps it in the flux-secrets volume (README, \"Docker\").",
      ].join("\n"),
    );
  }
  if (secret.length < MIN_AUTH_SECRET_LENGTH) {
    throw new Refusal(
      `AUTH_SECRET has ${secret.length} characters; use ${MIN_AUTH_SECRET_LENGTH} or more random ones (openssl rand -base64 32).`,
    );
  }
  return secret;
}

/**
 * What the container needs before it touches anything: its own AUTH_SECRET and a database.
 * FLUX_DB_PASSWORD (or FLUX_DB_PASSWORD_FILE) replaces the password in DATABASE_URL, so the
 * password can live in a file while the URL stays in plain configuration.
 */
export function containerConfig(env: Environment): ContainerConfig {
  const authSecret = checkAuthSecret(secretFrom(env, "AUTH_SECRET"));
  const url = env.DATABASE_URL;
  if (!url) {
    throw new Refusal(
      "DATABASE_URL is not set. The image has no PostgreSQL of its own: point DATABASE_URL at PostgreSQL 14+ " +
        "(TimescaleDB recommended), e.g. postgres://flux@db:5432/flux, as docker-compose.yml does.",
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Refusal("DATABASE_URL is not a URL: write it as postgres://user@host:5432/database.");
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new Refusal(`DATABASE_URL must start with postgres:// (or postgresql://), not ${parsed.protocol}`);
  }
  const password = secretFrom(env, "FLUX_DB_PASSWORD");
  if (password) parsed.password = encodeURIComponent(password);
  return { authSecret, databaseUrl: parsed.toString() };
}

/** DATABASE_URL without its password, for log lines. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
