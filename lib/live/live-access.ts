import { authenticateApiKey } from "@/lib/api-keys/api-keys";
import type { Caller } from "@/lib/auth/caller";
import { sessionUser } from "@/lib/auth/session";
import { sessionIsLive } from "@/lib/auth/sessions";
import { memberCaller } from "@/lib/projects/access";
import { shareStillLive } from "@/lib/sharing/share-access";

/**
 * How a long-lived live connection asks again whether its caller may still read the project:
 * a revoked key, an ended session or a removed member loses the stream within a recheck, as
 * any other request of theirs would fail at once.
 */
export async function accessRecheck(req: Request, ctx: Caller): Promise<() => Promise<boolean>> {
  if (ctx.kind === "key") {
    const secret = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
    return async () => (await authenticateApiKey(secret))?.projectId === ctx.projectId;
  }
  // Jobs never open live streams; should one ever hold a caller here, it has no session to lose.
  if (ctx.kind === "system") return async () => true;
  // A share link's visitor keeps the stream while the link is live (not revoked, not expired).
  if (ctx.kind === "share") return () => shareStillLive(ctx);
  const user = await sessionUser();
  const sessionId = user?.sessionId ?? null;
  return async () => {
    if (!(await sessionIsLive({ sessionId, userId: ctx.userId }))) return false;
    return memberCaller({ userId: ctx.userId, projectId: ctx.projectId }).then(
      () => true,
      () => false,
    );
  };
}
