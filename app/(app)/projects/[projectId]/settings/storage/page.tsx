import type { Metadata } from "next";
import Link from "next/link";
import { projectPageContext } from "@/lib/projects/page-context";
import { can } from "@/lib/auth/caller";
import { storageStats } from "@/lib/storage/storage-stats";
import { formatDateTime } from "@/lib/format/dates";
import { StorageRetentionForm } from "@/components/settings/storage-retention-form";
import { StorageTables } from "@/components/settings/storage-tables";
import { StorageDailyChart } from "@/components/settings/storage-daily-chart";
import { updateStorageSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Storage" };

export default async function StorageSettingsPage({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  const { ctx, project } = await projectPageContext(projectId);
  const stats = await storageStats({ ctx });
  const path = stats.path === "timescaledb" ? "TimescaleDB (hypertables, continuous aggregates)" : "PostgreSQL (daily partitions, Flux rollup tables)";

  return (
    <div className="stack" style={{ maxWidth: 1000 }}>
      <div className="page-head">
        <div>
          <p className="small" style={{ margin: 0 }}><Link href={`/projects/${projectId}/settings`}>← Settings</Link></p>
          <h1>Storage</h1>
          <p className="muted">{project.name}</p>
        </div>
      </div>
      <section className="card" aria-labelledby="retention-heading">
        <h2 id="retention-heading">Retention</h2>
        <p className="muted small">
          How long this project&apos;s data is kept. Old data goes a whole day (or chunk) at a time once no project keeps it any longer;
          rows of a project that keeps less are deleted in batches. Nothing is deleted before it is rolled up into the next tier.
        </p>
        <StorageRetentionForm view={stats.retention} canEdit={can(ctx, "admin")} action={updateStorageSettingsAction.bind(null, projectId)} />
      </section>
      <section className="card" aria-labelledby="daily-heading">
        <h2 id="daily-heading">Points and events per day</h2>
        <StorageDailyChart days={stats.perDay} />
      </section>
      <section className="card" aria-labelledby="tables-heading">
        <h2 id="tables-heading">Storage used</h2>
        <p className="muted small">
          Every table of this Flux on {path}, shared by all projects; sizes include indexes and TOAST. Measured {formatDateTime(stats.measuredAt)}.
        </p>
        <div style={{ overflowX: "auto" }}>
          <StorageTables tables={stats.tables} totalBytes={stats.totalBytes} path={stats.path} />
        </div>
      </section>
    </div>
  );
}
