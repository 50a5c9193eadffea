import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import type { Permission } from "@/lib/auth/scopes";
import { sessionUser, type SessionUser } from "@/lib/auth/session";
import { FluxError, notFound } from "@/lib/errors";
import { memberCaller } from "@/lib/projects/access";
import { toErrorResponse } from "./respond";
import { assertSameOriginMutation } from "./same-origin";

type Params = Record<string, string | string[] | undefined>;
interface RouteContext {
  params: Promise<Params>;
}

const unauthorized = (message: string) => new FluxError({ code: "unauthorized", message });

/**
 * A route that acts on one project. Machines present `Authorization: Bearer <key>`; people
 * use their session and name the project in the path (`[projectId]`), `?project=` or the
 * `X-Flux-Project` header. Every thrown error becomes the JSON error envelope. A mutation made
 * with the session cookie must be same-origin JSON (lib/http/same-origin.ts); keys skip that.
 */
export function projectRoute<P extends Params = Params>(
  /** null: any valid key or member may call it. */
  permission: Permission | null,
  handler: (args: { req: Request; ctx: Caller; params: P }) => Promise<Response>,
) {
  return async (req: Request, route: RouteContext): Promise<Response> => {
    try {
      const params = ((await route?.params) ?? {}) as P;
      const ctx = await resolveCaller(req, typeof params.projectId === "string" ? params.projectId : undefined);
      if (permission) requirePermission(ctx, permission);
      return await handler({ req, ctx, params });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

/** A route for a signed-in person that is not about one project (e.g. listing projects); mutations must be same-origin JSON. */
export function sessionRoute<P extends Params = Params>(handler: (args: { req: Request; user: SessionUser; params: P }) => Promise<Response>) {
  return async (req: Request, route: RouteContext): Promise<Response> => {
    try {
      const user = await sessionUser();
      if (!user) throw unauthorized("Sign in first");
      assertSameOriginMutation(req);
      return await handler({ req, user, params: ((await route?.params) ?? {}) as P });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

export async function resolveCaller(req: Request, pathProjectId?: string): Promise<Caller> {
  const authorization = req.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized("Use 'Authorization: Bearer <project API key>'");
    const ctx = await authenticateApiKey(match[1]);
    if (!ctx) throw unauthorized("The API key is invalid or has been revoked");
    if (pathProjectId && pathProjectId !== ctx.projectId) throw notFound("Project not found");
    return ctx;
  }
  const user = await sessionUser();
  if (!user) throw unauthorized("Send 'Authorization: Bearer <project API key>' or sign in");
  assertSameOriginMutation(req);
  const projectId = pathProjectId ?? new URL(req.url).searchParams.get("project") ?? req.headers.get("x-flux-project");
  if (!projectId) {
    throw new FluxError({ code: "bad_request", message: "Say which project: ?project=<id> or the X-Flux-Project header" });
  }
  return memberCaller({ userId: user.id, projectId });
}
