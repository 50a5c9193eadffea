import type { ActionResult } from "@/lib/actions/types";

export type FormAction<T = unknown> = (prev: ActionResult<T> | undefined, form: FormData) => Promise<ActionResult<T>>;

/** What the detail page's "about" section shows and edits, for a metric and an event alike. */
export interface CatalogMetadata {
  displayName: string | null;
  unit: string | null;
  description: string | null;
  higherIsBetter: boolean | null;
}
