import { randomUUID } from "node:crypto";
import { FluxError } from "@/lib/errors";
import { inject } from "vitest";
import { signUp } from "@/lib/auth/users";
import { createProject } from "@/lib/projects/projects";
import { createApiKey } from "@/lib/api-keys/api-keys";
import type { Caller } from "@/lib/auth/caller";
import type { ApiKeyScope } from "@/lib/auth/scopes";

export interface TestProject {
  projectId: string;
  userId: string;
  email: string;
  password: string;
  /** The owner as a caller, for domain functions. */
  ctx: Extract<Caller, { kind: "user" }>;
  /** Creates a key with the given scopes (all by default) and returns its secret. */
  key(scopes?: ApiKeyScope[]): Promise<string>;
}

/** A fresh user, project and owner membership: every test works in its own tenant. */
export async function createTestProject(name = "Test project"): Promise<TestProject> {
  const email = `user-${randomUUID()}@flux.test`;
  const password = "test-password-123";
  const user = await signUp({ input: { email, password } });
  const project = await createProject({ userId: user.id, input: { name } });
  const ctx = { kind: "user" as const, userId: user.id, projectId: project.id, role: "owner" as const };
  return {
    projectId: project.id,
    userId: user.id,
    email,
    password,
    ctx,
    async key(scopes: ApiKeyScope[] = ["ingest", "read", "admin"]) {
      return (await createApiKey({ ctx, input: { name: `key ${scopes.join("+")}`, scopes } })).key;
    },
  };
}

/**
 * The storage path of this int leg: "timescaledb" (hypertables, continuous aggregates,
 * compression and retention policies) or "postgres" (Flux's own partitions and rollup
 * tables). Read from the test database by tests/setup/global-int.ts. Path-specific tests:
 * `describe.runIf(storagePath === "timescaledb")(…)`.
 */
export const storagePath = inject("storagePath");

/** The running Flux under test. */
export function baseUrl(): string {
  const url = inject("baseUrl");
  if (!url) throw new Error("No running Flux for this test (FLUX_TEST_NO_APP=1?)");
  return url;
}

/** fetch against the running app with a project key. */
export function api(path: string, options: { key?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" || options.body instanceof Uint8Array ? (options.body as BodyInit) : JSON.stringify(options.body);
  }
  return fetch(`${baseUrl()}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
}

/** The FluxError a domain call fails with (any other outcome fails the test). */
export async function rejection(p: Promise<unknown>): Promise<FluxError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof FluxError) return e;
    throw e;
  }
  throw new Error("expected a FluxError");
}
