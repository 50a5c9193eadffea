"use client";

import { useSearchParams } from "next/navigation";
import { formatNumber } from "@/lib/format/format-value";

/**
 * "Deleted metric X": shown on the project home after a catalog entry was deleted (the delete
 * action redirects here with ?deleted=&kind=&count=). The name is shown as text.
 */
export function DeletedNotice() {
  const params = useSearchParams();
  const name = params.get("deleted");
  const kind = params.get("kind");
  const count = Number(params.get("count"));
  if (!name || (kind !== "metric" && kind !== "event")) return null;
  const what = kind === "event" ? `event${count === 1 ? "" : "s"}` : `series`;
  return (
    <p className="notice catalog-notice" role="status" data-testid="deleted-notice">
      Deleted the {kind} <code>{name}</code>
      {Number.isFinite(count) && count >= 0 ? ` and its ${formatNumber(count, { compact: false })} ${what}.` : "."}
    </p>
  );
}
