import { expect, type Page } from "@playwright/test";
import { sql } from "../../lib/db/client";
import { insertPoints } from "../../tests/query-data";

// What e2e/anomalies.spec.ts puts in the database: a metric's history with a spike, and anomaly
// episodes written straight into the anomalies table (the detection job has its own tests), so
// the pages are tested against known episodes.

const M = 60_000;

export interface EpisodeSeed {
  source?: "metric" | "event";
  name: string;
  aggregation?: string;
  tags?: Record<string, string>;
  kind: "spike" | "drop" | "level_shift" | "silence";
  startedAt: number;
  endedAt: number | null;
  severity: "low" | "medium" | "high" | "critical";
  explanation: string;
  expected?: number | null;
  lower?: number | null;
  upper?: number | null;
  actual?: number | null;
  contributors?: { key: string; value: string; share: number }[];
  annotationIds?: string[];
  acknowledged?: boolean;
  bucketSeconds?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
const canonical = (tags: Record<string, string>) => (Object.keys(tags).length ? JSON.stringify(Object.fromEntries(Object.keys(tags).sort().map((k) => [k, tags[k]]))) : "");

export async function insertEpisode(projectId: string, e: EpisodeSeed): Promise<string> {
  const tags = e.tags ?? {};
  const last = e.endedAt ?? Date.now();
  const [row] = await sql()`
    INSERT INTO anomalies (project_id, source, name, aggregation, series_key, tags, kind, started_at, ended_at, last_anomalous_at, bucket_seconds,
      expected, lower, upper, actual, peak_score, severity, explanation, contributors, annotation_ids, acknowledged_at)
    VALUES (${projectId}, ${e.source ?? "metric"}, ${e.name}, ${e.aggregation ?? "avg"}, ${canonical(tags)}, ${JSON.stringify(tags)}::jsonb, ${e.kind},
      ${iso(e.startedAt)}::timestamptz, ${e.endedAt === null ? null : iso(e.endedAt)}::timestamptz, ${iso(last)}::timestamptz, ${e.bucketSeconds ?? 60},
      ${e.expected ?? null}, ${e.lower ?? null}, ${e.upper ?? null}, ${e.actual ?? null}, 0.999, ${e.severity}, ${e.explanation},
      ${JSON.stringify(e.contributors ?? [])}::jsonb, ${e.annotationIds ?? []}::uuid[], ${e.acknowledged ? iso(last) : null}::timestamptz)
    RETURNING id`;
  return row.id as string;
}

export async function insertAnnotation(projectId: string, a: { title: string; startsAt: number; endsAt?: number | null }): Promise<string> {
  const [row] = await sql()`
    INSERT INTO annotations (project_id, starts_at, ends_at, title) VALUES (${projectId}, ${iso(a.startsAt)}::timestamptz, ${a.endsAt ? iso(a.endsAt) : null}::timestamptz, ${a.title})
    RETURNING id`;
  return row.id as string;
}

/** A gauge read each minute for two days around 100, that jumped to about 300 for 15 minutes an hour ago. */
export async function seedSpikyGauge(projectId: string, name: string, tags: Record<string, string>, now: number): Promise<{ spikeFrom: number; spikeTo: number }> {
  const end = Math.floor(now / M) * M;
  const spikeFrom = end - 60 * M;
  const spikeTo = end - 45 * M;
  const points = Array.from({ length: 2 * 24 * 60 }, (_, i) => {
    const time = end - (2 * 24 * 60 - i) * M;
    const spiking = time >= spikeFrom && time < spikeTo;
    return { time, value: spiking ? 300 + (i % 4) : 100 + ((i * 7) % 9) - 4, tags };
  });
  await insertPoints({ projectId, name, type: "gauge", points });
  return { spikeFrom, spikeTo };
}

export async function userIdOf(email: string): Promise<string> {
  const [row] = await sql()`SELECT id FROM users WHERE lower(email) = lower(${email})`;
  return row.id as string;
}

export async function addMember(projectId: string, userId: string, role: "viewer" | "editor"): Promise<void> {
  await sql()`INSERT INTO memberships (project_id, user_id, role) VALUES (${projectId}, ${userId}, ${role})`;
}

export async function storedMarks(id: string): Promise<{ acknowledgedBy: string | null; acknowledged: boolean; feedback: string | null }> {
  const [row] = await sql()`SELECT acknowledged_at, acknowledged_by, feedback FROM anomalies WHERE id = ${id}`;
  return { acknowledged: row.acknowledged_at !== null, acknowledgedBy: row.acknowledged_by as string | null, feedback: row.feedback as string | null };
}

/** The anomalies list page, its rows and its filter form. */
export class AnomaliesPage {
  constructor(private readonly page: Page, private readonly projectId: string) {}

  get url(): string {
    return `/projects/${this.projectId}/anomalies`;
  }

  rows() {
    return this.page.getByTestId("anomaly-row");
  }

  row(id: string) {
    return this.page.locator(`[data-testid="anomaly-row"][data-anomaly-id="${id}"]`);
  }

  async rowIds(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-anomaly-id") ?? ""));
  }

  async filter(values: Partial<Record<"Status" | "Kind" | "Severity" | "Source" | "Acknowledged" | "When", string>> & { Name?: string }): Promise<void> {
    const form = this.page.getByRole("form", { name: "Filter anomalies" });
    for (const [label, value] of Object.entries(values)) {
      if (label === "Name") await form.getByLabel("Name").fill(value);
      else await form.getByLabel(label, { exact: true }).selectOption(value);
    }
    await form.getByRole("button", { name: "Apply filters" }).click();
  }

  async expectRows(ids: string[]): Promise<void> {
    await expect.poll(() => this.rowIds()).toEqual(ids);
  }
}
