import { z } from "zod";

/** What an API key may be granted. */
export const ApiKeyScope = z.enum(["ingest", "read", "admin"]);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;

/** What an operation requires. `write` edits dashboards and settings short of admin. */
export type Permission = "ingest" | "read" | "write" | "admin";

export const ProjectRole = z.enum(["owner", "editor", "viewer"]);
export type ProjectRole = z.infer<typeof ProjectRole>;

const ROLE_PERMISSIONS: Record<ProjectRole, readonly Permission[]> = {
  owner: ["ingest", "read", "write", "admin"],
  editor: ["ingest", "read", "write"],
  viewer: ["read"],
};

const SCOPE_PERMISSIONS: Record<ApiKeyScope, readonly Permission[]> = {
  ingest: ["ingest"],
  read: ["read"],
  admin: ["ingest", "read", "write", "admin"],
};

export function roleAllows(role: ProjectRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function scopesAllow(scopes: readonly ApiKeyScope[], permission: Permission): boolean {
  return scopes.some((s) => SCOPE_PERMISSIONS[s].includes(permission));
}
