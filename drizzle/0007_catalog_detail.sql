-- What the catalog detail pages edit beyond display name, unit and description: whether a
-- higher value is good news (number widgets colour their change by it). NULL: not said.
-- Event names get a unit too (an event's value: "EUR", "ms"). Both nullable, no default, so
-- the ALTERs only touch the catalog (no table rewrite).
ALTER TABLE "metrics" ADD COLUMN IF NOT EXISTS "higher_is_better" boolean;
--> statement-breakpoint
ALTER TABLE "event_names" ADD COLUMN IF NOT EXISTS "higher_is_better" boolean;
--> statement-breakpoint
ALTER TABLE "event_names" ADD COLUMN IF NOT EXISTS "unit" text;
