import type { ActionResult } from "@/lib/actions/types";

export type FormAction<T = unknown> = (prev: ActionResult<T> | undefined, form: FormData) => Promise<ActionResult<T>>;

export interface DashboardSummary {
  id: string;
  name: string;
  isDefault: boolean;
  widgetCount: number;
  updatedAt: string;
}
