import Link from "next/link";
import type { ReactNode } from "react";
import type { BrowserLiveConfig } from "@/lib/live/browser-config";
import { CatalogChart } from "./catalog-chart";
import { MetadataForm, MetadataView } from "./metadata-form";
import { AddToDashboardForm, type AddedWidget } from "./add-to-dashboard-form";
import { DeleteEntryForm } from "./delete-entry-form";
import { defaultCatalogRange, type CatalogKind } from "./catalog-widget-config";
import type { CatalogMetadata, FormAction } from "./types";

export interface CatalogDetailProps {
  projectId: string;
  kind: CatalogKind;
  name: string;
  metadata: CatalogMetadata;
  /** Label → text shown in the summary (series count, last seen…), in order. */
  facts: { label: string; value: string; testId: string }[];
  /** When data last arrived: the chart opens on a range that reaches it. */
  lastSeenAt: string | null;
  /** Tag or property keys the chart can be split by. */
  breakdowns: string[];
  /** The tag or property table. */
  shape: ReactNode;
  canEdit: boolean;
  dashboards: { id: string; name: string }[];
  live: BrowserLiveConfig;
  actions: { save: FormAction; add: FormAction<AddedWidget>; remove: FormAction };
}

/** The detail page of a metric or event: chart, what it is, its shape, and what editors can do with it. */
export function CatalogDetail(props: CatalogDetailProps) {
  const { projectId, kind, name, metadata, canEdit } = props;
  const isEvent = kind === "event";
  const title = metadata.displayName ?? name;
  return (
    <div className="stack catalog-detail" data-catalog-kind={isEvent ? "event" : "metric"} data-catalog-name={name}>
      <nav aria-label="Breadcrumb" className="small muted catalog-breadcrumb">
        <Link href={`/projects/${projectId}`}>Overview</Link> / <Link href={`/projects/${projectId}#catalog-title`}>Catalog</Link> / {isEvent ? "Events" : "Metrics"}
      </nav>
      <div className="page-head">
        <div className="catalog-head">
          <h1 className="catalog-title">{title}</h1>
          <p className="row wrap catalog-subtitle">
            {metadata.displayName && <code className="catalog-name" data-testid="catalog-name">{name}</code>}
            <span className="badge" data-testid="catalog-type">{isEvent ? "event" : kind}</span>
            {metadata.unit && <span className="muted small" data-testid="catalog-unit">{metadata.unit}</span>}
          </p>
        </div>
      </div>
      <CatalogChart projectId={projectId} kind={kind} name={name} title={title} breakdowns={props.breakdowns} initialRange={defaultCatalogRange(props.lastSeenAt)} live={props.live} />
      <div className="grid-2">
        <section className="card stack" aria-labelledby="catalog-about">
          <h2 id="catalog-about" style={{ margin: 0 }}>About</h2>
          {canEdit ? <MetadataForm metadata={metadata} action={props.actions.save} /> : <MetadataView metadata={metadata} />}
        </section>
        <section className="card stack" aria-labelledby="catalog-shape">
          <h2 id="catalog-shape" style={{ margin: 0 }}>Shape</h2>
          <dl className="catalog-facts">
            {props.facts.map((f) => (
              <div key={f.label} className="catalog-fact">
                <dt>{f.label}</dt>
                <dd data-testid={f.testId}>{f.value}</dd>
              </div>
            ))}
          </dl>
          {props.shape}
        </section>
      </div>
      {canEdit && (
        <div className="grid-2">
          <section className="card stack" aria-labelledby="catalog-add">
            <h2 id="catalog-add" style={{ margin: 0 }}>Add to dashboard</h2>
            <AddToDashboardForm projectId={projectId} dashboards={props.dashboards} action={props.actions.add} />
          </section>
          <section className="card stack" aria-labelledby="catalog-delete">
            <h2 id="catalog-delete" style={{ margin: 0 }}>Delete</h2>
            <DeleteEntryForm kind={isEvent ? "event" : "metric"} name={name} action={props.actions.remove} />
          </section>
        </div>
      )}
    </div>
  );
}
