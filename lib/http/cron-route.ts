import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { FluxError } from "@/lib/errors";
import { toErrorResponse } from "./respond";

type Params = Record<string, string | string[] | undefined>;
interface RouteContext {
  params: Promise<Params>;
}

/**
 * A route an outside cron service calls (Vercel Cron, a Kubernetes CronJob, crontab + curl):
 * `Authorization: Bearer $CRON_SECRET`, nothing else. Without CRON_SECRET configured the routes
 * are off (503); a missing or wrong secret is 401. Every thrown error becomes the envelope.
 */
export function cronRoute<P extends Params = Params>(handler: (args: { req: Request; params: P }) => Promise<Response>) {
  return async (req: Request, route: RouteContext): Promise<Response> => {
    try {
      assertCronSecret(req.headers.get("authorization"));
      return await handler({ req, params: ((await route?.params) ?? {}) as P });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

export function assertCronSecret(authorization: string | null): void {
  const secret = env().CRON_SECRET;
  if (!secret) throw new FluxError({ code: "unavailable", message: "The cron routes are off: set CRON_SECRET to use them" });
  const match = authorization === null ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new FluxError({ code: "unauthorized", message: "Send 'Authorization: Bearer <CRON_SECRET>'" });
  if (!sameSecret(match[1], secret)) throw new FluxError({ code: "unauthorized", message: "The cron secret is wrong" });
}

// Digests first, so the comparison takes the same time whatever the length or the first wrong byte.
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
