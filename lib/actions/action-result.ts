import { isRedirectError } from "next/dist/client/components/redirect-error";
import { FluxError } from "@/lib/errors";
import { isDatabaseUnavailable } from "@/lib/http/respond";

import type { ActionResult } from "./types";

export type { ActionResult };

export async function runAction<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (error) {
    if (isRedirectError(error)) throw error;
    if (error instanceof FluxError) {
      const fields: Record<string, string> = {};
      if (Array.isArray(error.details)) {
        for (const d of error.details as { field?: string; message?: string }[]) {
          if (d.field && d.message && !fields[d.field]) fields[d.field] = d.message;
        }
      }
      return { ok: false, error: error.message, code: error.code, fields };
    }
    if (isDatabaseUnavailable(error)) return { ok: false, error: "The database is unavailable; try again in a moment." };
    console.error("[flux] action failed:", error);
    return { ok: false, error: "Something went wrong on our side." };
  }
}

export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") out[k] = v;
  return out;
}
