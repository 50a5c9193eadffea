import { z } from "zod";
import { queryInstantMs } from "@/lib/time/instant";

/** An instant as every query reads it (ISO 8601 with offset, or epoch ms), as epoch ms. Client-safe. */
export const InstantInput = z
  .union([z.string().max(40), z.number()], { error: "Give an ISO 8601 time with its offset or epoch milliseconds" })
  .transform((v, ctx) => {
    const ms = queryInstantMs(v);
    if (typeof ms === "string") {
      ctx.addIssue({ code: "custom", message: ms });
      return z.NEVER;
    }
    return ms;
  });
