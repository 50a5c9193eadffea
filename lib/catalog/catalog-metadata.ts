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
