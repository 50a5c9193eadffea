import { notFound } from "next/navigation";
import { FluxError } from "@/lib/errors";

/**
 * The metric or event name from its URL segment. Catalog names never hold "%", so a segment
 * that still does is decoded once; one that cannot be decoded names nothing.
 */
export function catalogNameParam(raw: string): string {
  if (!raw.includes("%")) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    notFound();
  }
}

/** The app's 404 page for a name the catalog does not know (or refuses as a name). */
export function notFoundOnMissing(error: unknown): never {
  if (error instanceof FluxError && error.code === "not_found") notFound();
  throw error;
}
