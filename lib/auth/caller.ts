import type { ApiKeyScope, Permission, ProjectRole } from "./scopes";
import { roleAllows, scopesAllow } from "./scopes";
import { forbidden } from "@/lib/errors";

/** Who is asking, already resolved to one project. Every domain function takes one. */
export type Caller =
  | { kind: "key"; projectId: string; keyId: string; scopes: ApiKeyScope[] }
  | { kind: "user"; projectId: string; userId: string; role: ProjectRole };

export function can(caller: Caller, permission: Permission): boolean {
  return caller.kind === "key" ? scopesAllow(caller.scopes, permission) : roleAllows(caller.role, permission);
}

export function requirePermission(caller: Caller, permission: Permission): void {
  if (!can(caller, permission)) {
    throw forbidden(
      caller.kind === "key"
        ? `This API key lacks the '${permission === "write" ? "admin" : permission}' scope`
        : `Your role in this project does not allow '${permission}'`,
    );
  }
}
