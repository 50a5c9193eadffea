import type { Metadata } from "next";
import { projectPageContext } from "@/lib/projects/page-context";
import { can } from "@/lib/auth/caller";
import { describeMetric } from "@/lib/catalog/describe-metric";
import { listDashboards } from "@/lib/dashboards/dashboards";
import { browserLiveConfig } from "@/lib/live/live-config";
import { formatDateTime } from "@/lib/format/dates";
import { formatNumber } from "@/lib/format/format-value";
import { CatalogDetail } from "@/components/catalog/catalog-detail";
import { TagTable } from "@/components/catalog/catalog-shape";
import { addToDashboardAction, deleteCatalogEntryAction, saveCatalogMetadataAction } from "../../actions";
import { catalogNameParam, notFoundOnMissing } from "../../name-param";

type Params = { params: Promise<{ projectId: string; name: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `Metric ${catalogNameParam((await params).name)}` };
}

export default async function MetricPage({ params }: Params) {
  const { projectId, name: raw } = await params;
  const name = catalogNameParam(raw);
  const { ctx } = await projectPageContext(projectId);
  const canEdit = can(ctx, "write");
  const [metric, dashboards] = await Promise.all([describeMetric({ ctx, name }).catch(notFoundOnMissing), canEdit ? listDashboards({ ctx }) : []]);
  const bound = <A extends unknown[], R>(action: (projectId: string, kind: string, name: string, ...rest: A) => R) => action.bind(null, projectId, "metric", name);
  return (
    <CatalogDetail
      projectId={projectId}
      kind={metric.type}
      name={metric.name}
      metadata={{ displayName: metric.displayName, unit: metric.unit, description: metric.description, higherIsBetter: metric.higherIsBetter }}
      facts={[
        { label: "Series", value: formatNumber(metric.seriesCount, { compact: false }), testId: "series-count" },
        { label: "Tag keys", value: formatNumber(metric.tags.length), testId: "tag-key-count" },
        { label: "Last seen", value: formatDateTime(metric.lastSeenAt), testId: "last-seen" },
      ]}
      lastSeenAt={metric.lastSeenAt}
      breakdowns={metric.tags.map((t) => t.key)}
      shape={<TagTable tags={metric.tags} />}
      canEdit={canEdit}
      dashboards={dashboards.map((d) => ({ id: d.id, name: d.name }))}
      live={browserLiveConfig()}
      actions={{ save: bound(saveCatalogMetadataAction), add: bound(addToDashboardAction), remove: bound(deleteCatalogEntryAction) }}
    />
  );
}
