import { notFound } from "@/lib/errors";
import { MetricName } from "@/lib/ingest/item-schemas";

/**
 * A metric or event name from a URL. Ingest stores only names MetricName accepts, so any
 * other text (NUL, 10 KB, spaces) names nothing: 404 before a statement is sent.
 */
export function checkCatalogName(name: string, what: "Metric" | "Event"): string {
  if (!MetricName.safeParse(name).success) throw notFound(`${what} not found`);
  return name;
}
