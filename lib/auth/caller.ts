import type { ApiKeyScope, Permission, ProjectRole } from "./scopes";
import { roleAllows, scopesAllow } from "./scopes";
import { forbidden } from "@/lib/errors";

/**
 * Who is asking, already resolved to one project. Every domain function takes one. `system` is
 * a scheduled job working in one project (anomaly detection, alert evaluation): it is nobody's
 * session or key, so nothing it does can be mistaken for a person's action. `share` is a
 * visitor holding a share link: it has no permission at all, so every domain function refuses
 * it; only `lib/sharing` accepts it, and there only for the saved widgets of its one dashboard.
 */
export type Caller =
  | { kind: "key"; projectId: string; keyId: string; scopes: ApiKeyScope[] }
  | { kind: "user"; projectId: string; userId: string; role: ProjectRole }
  | { kind: "system"; projectId: string; job: string }
  | ShareCaller;

/** A share link's visitor: one dashboard of one project, nothing else. */
export interface ShareCaller {
  kind: "share";
  projectId: string;
  dashboardId: string;
  linkId: string;
}

// A job reads data and records what it finds (anomalies, alert states); it never manages
// members, keys or settings.
const SYSTEM_PERMISSIONS: readonly Permission[] = ["read", "write"];

export function can(caller: Caller, permission: Permission): boolean {
  switch (caller.kind) {
    case "key":
      return scopesAllow(caller.scopes, permission);
    case "user":
      return roleAllows(caller.role, permission);
    case "system":
      return SYSTEM_PERMISSIONS.includes(permission);
    case "share":
      return false;
  }
}

/** The caller a scheduled job uses in one project. */
export function systemCaller(projectId: string, job: string): Extract<Caller, { kind: "system" }> {
  return { kind: "system", projectId, job };
}

export function requirePermission(caller: Caller, permission: Permission): void {
  if (!can(caller, permission)) {
    throw forbidden(
      caller.kind === "key"
        ? `This API key lacks the '${permission === "write" ? "admin" : permission}' scope`
        : caller.kind === "user"
          ? `Your role in this project does not allow '${permission}'`
          : caller.kind === "system"
            ? `The scheduled job '${caller.job}' may not '${permission}'`
            : "A share link shows its dashboard and nothing else",
    );
  }
}
