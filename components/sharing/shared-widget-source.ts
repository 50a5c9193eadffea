"use client";

import type { MultiQueryResult } from "@/lib/query/model";
import type { WidgetDataSource } from "@/components/widgets/use-widget-data";
import { QueryFailed } from "@/components/widgets/use-widget-data";
import { SHARE_GRANT_HEADER } from "@/lib/sharing/share-link-schemas";

/** A share link's widgets, asked by id in a view: the server builds each query from the saved widget. */
export function sharedWidgetSource(token: string, grant: string | null): WidgetDataSource {
  return {
    id: `share:${token}`,
    async fetch({ widgetId, view }) {
      const res = await fetch(`/api/v1/shared/${encodeURIComponent(token)}/widgets/${encodeURIComponent(widgetId)}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(grant ? { [SHARE_GRANT_HEADER]: grant } : {}) },
        body: JSON.stringify(view),
      });
      const data = await res.json().catch(() => null);
      if (!res.ok) throw new QueryFailed(data?.error?.message ?? `The widget could not be loaded (HTTP ${res.status})`);
      return data as MultiQueryResult;
    },
  };
}
