"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { sessionCaller as caller } from "@/lib/projects/access";
import { formObject, runAction, type ActionResult } from "@/lib/actions/action-result";
import { invalid } from "@/lib/errors";
import { appendWidget } from "@/lib/dashboards/append-widget";
import { describeMetric } from "@/lib/catalog/describe-metric";
import { describeEventName } from "@/lib/catalog/describe-event-name";
import { updateMetricMetadata } from "@/lib/catalog/update-metric-metadata";
import { updateEventMetadata } from "@/lib/catalog/update-event-metadata";
import { deleteMetric } from "@/lib/catalog/delete-metric";
import { deleteEventName } from "@/lib/catalog/delete-event-name";
import { widgetDefinition } from "@/components/widgets/registry";
import { catalogGraphConfig, catalogNumberConfig, higherIsBetterOf } from "@/components/catalog/catalog-widget-config";
import type { AddedWidget } from "@/components/catalog/add-to-dashboard-form";

type Kind = "metric" | "event";

/** Bound arguments come back from the browser: a kind other than these names nothing. */
function checkKind(kind: string): Kind {
  if (kind !== "metric" && kind !== "event") throw invalid("Unknown catalog kind", [{ field: "kind", message: "Use metric or event" }]);
  return kind;
}

function metadataInput(form: FormData) {
  const values = formObject(form);
  const higherIsBetter = higherIsBetterOf(values.direction ?? "");
  if (higherIsBetter === undefined) throw invalid("Invalid metadata", [{ field: "higherIsBetter", message: "Choose higher is better, lower is better or not set" }]);
  return { displayName: values.displayName ?? "", unit: values.unit ?? "", description: values.description ?? "", higherIsBetter };
}

export async function saveCatalogMetadataAction(projectId: string, kind: string, name: string, _prev: ActionResult<unknown> | undefined, form: FormData): Promise<ActionResult<unknown>> {
  const result = await runAction(async () => {
    const ctx = await caller(projectId);
    const input = metadataInput(form);
    if (checkKind(kind) === "event") await updateEventMetadata({ ctx, name, input });
    else await updateMetricMetadata({ ctx, name, input });
    return null;
  });
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function addToDashboardAction(projectId: string, kind: string, name: string, _prev: ActionResult<AddedWidget> | undefined, form: FormData): Promise<ActionResult<AddedWidget>> {
  const result = await runAction(async () => {
    const ctx = await caller(projectId);
    const { dashboardId = "", widget = "graph" } = formObject(form);
    if (widget !== "graph" && widget !== "number") throw invalid("Invalid widget", [{ field: "widget", message: "Choose a graph or a number" }]);
    // The catalog as it is now, not as the page showed it: the type and direction may have changed.
    const about = checkKind(kind) === "event"
      ? { kind: "event" as const, ...(await describeEventName({ ctx, name })) }
      : await describeMetric({ ctx, name }).then((m) => ({ ...m, kind: m.type }));
    const title = about.displayName ?? name;
    const config = widget === "number"
      ? catalogNumberConfig({ kind: about.kind, name, title, higherIsBetter: about.higherIsBetter })
      : catalogGraphConfig({ kind: about.kind, name, title });
    const size = widgetDefinition(config.type)!.defaultSize;
    const { dashboard, widget: added } = await appendWidget({ ctx, dashboardId, input: { config, ...size } });
    return { dashboardId: dashboard.id, dashboardName: dashboard.name, x: added.x, y: added.y };
  });
  if (result.ok) revalidatePath(`/projects/${projectId}/dashboards/${result.data.dashboardId}`);
  return result;
}

export async function deleteCatalogEntryAction(projectId: string, kind: string, name: string, _prev: ActionResult<unknown> | undefined, form: FormData): Promise<ActionResult<unknown>> {
  // The same check as the disabled button, for a form posted some other way.
  if (String(form.get("confirm") ?? "") !== name) {
    return { ok: false, error: "Type the name exactly to delete it", fields: { confirm: "The name does not match; type it exactly as shown." } };
  }
  const result = await runAction(async () => {
    const ctx = await caller(projectId);
    if (checkKind(kind) === "event") return { count: (await deleteEventName({ ctx, name })).deletedEvents };
    return { count: (await deleteMetric({ ctx, name })).deletedSeries };
  });
  if (!result.ok) return result;
  revalidatePath(`/projects/${projectId}`, "layout");
  const notice = new URLSearchParams({ deleted: name, kind, count: String(result.data.count) });
  redirect(`/projects/${projectId}?${notice.toString()}`);
}
