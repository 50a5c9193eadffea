import type { Sql } from "@/lib/db/client";
import { z } from "zod";
import { StorableString } from "@/lib/validation/text";

const text = (max: number) => StorableString().trim().max(max).nullable().optional();

/**
 * What people may edit about a metric or an event name: every field optional, `null` (or an
 * empty string for text) clears it, and unknown fields are refused so a typo is not ignored.
 */
export const CatalogMetadataInput = z
  .object({
    displayName: text(200),
    unit: text(50),
    description: text(2000),
    higherIsBetter: z.boolean({ error: "must be true, false or null" }).nullable().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: "Send displayName, unit, description or higherIsBetter" });
export type CatalogMetadataInput = z.infer<typeof CatalogMetadataInput>;

/** The value to store for a text field: undefined = leave it, "" or null = clear it. */
export const storedText = (s: string | null | undefined): string | null => (s === undefined ? null : s || null);

/** The SET list of an edit, for `metrics` and `event_names` alike: fields not sent keep their value. */
export function metadataAssignments(q: Sql, v: CatalogMetadataInput) {
  return q`
      display_name = CASE WHEN ${v.displayName !== undefined}::boolean THEN ${storedText(v.displayName)}::text ELSE display_name END,
      unit = CASE WHEN ${v.unit !== undefined}::boolean THEN ${storedText(v.unit)}::text ELSE unit END,
      description = CASE WHEN ${v.description !== undefined}::boolean THEN ${storedText(v.description)}::text ELSE description END,
      higher_is_better = CASE WHEN ${v.higherIsBetter !== undefined}::boolean THEN ${v.higherIsBetter ?? null}::boolean ELSE higher_is_better END`;
}
