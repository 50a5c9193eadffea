import type { Metadata } from "next";
import { projectPageContext } from "@/lib/projects/page-context";
import { can } from "@/lib/auth/caller";
import { describeEventName } from "@/lib/catalog/describe-event-name";
import { listDashboards } from "@/lib/dashboards/dashboards";
import { browserLiveConfig } from "@/lib/live/live-config";
import { formatDateTime } from "@/lib/format/dates";
import { formatNumber } from "@/lib/format/format-value";
import { CatalogDetail } from "@/components/catalog/catalog-detail";
import { PropertyTable } from "@/components/catalog/catalog-shape";
import { addToDashboardAction, deleteCatalogEntryAction, saveCatalogMetadataAction } from "../../actions";
import { catalogNameParam, notFoundOnMissing } from "../../name-param";

type Params = { params: Promise<{ projectId: string; name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Event ${catalogNameParam((await params).name)}` };
}

export default async function EventPage({ params }: Params) {
  const { projectId, name: raw } = await params;
  const name = catalogNameParam(raw);
  const { ctx } = await projectPageContext(projectId);
  const canEdit = can(ctx, "write");
  const [event, dashboards] = await Promise.all([describeEventName({ ctx, name }).catch(notFoundOnMissing), canEdit ? listDashboards({ ctx }) : []]);
  const bound = <A extends unknown[], R>(action: (projectId: string, kind: string, name: string, ...rest: A) => R) => action.bind(null, projectId, "event", name);
  const when = (iso: string | null) => (iso ? formatDateTime(iso) : "Never");
  return (
    <CatalogDetail
      projectId={projectId}
      kind="event"
      name={event.name}
      metadata={{ displayName: event.displayName, unit: event.unit, description: event.description, higherIsBetter: event.higherIsBetter }}
      facts={[
        { label: "Events", value: formatNumber(event.total, { compact: false }), testId: "event-total" },
        { label: "First seen", value: when(event.firstSeenAt), testId: "first-seen" },
        { label: "Last seen", value: when(event.lastSeenAt), testId: "last-seen" },
      ]}
      lastSeenAt={event.lastSeenAt}
      breakdowns={event.properties.map((p) => p.key)}
      shape={<PropertyTable properties={event.properties} />}
      canEdit={canEdit}
      dashboards={dashboards.map((d) => ({ id: d.id, name: d.name }))}
      live={browserLiveConfig()}
      actions={{ save: bound(saveCatalogMetadataAction), add: bound(addToDashboardAction), remove: bound(deleteCatalogEntryAction) }}
    />
  );
}
