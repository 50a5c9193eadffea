import type { APIRequestContext, Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./accounts";
import { SettingsPage } from "./settings-page";
import { ingest, recentTimes } from "./catalog-page";

// What e2e/catalog.spec.ts sends through the ingest API: a counter over plan × region, a
// gauge, and `signup` events, with the totals each test expects back.

export const PLANS = ["free", "pro", "team"] as const;
export const REGIONS = ["eu", "us"] as const;
export const POINTS = 12;

export interface Project {
  projectId: string;
  key: string;
  name: string;
}

export async function setUp(page: Page, label: string): Promise<Project> {
  await signUp(page, newAccount(label));
  const name = `Catalog ${label}`;
  const projectId = await createProject(page, name);
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  const key = await settings.createKey("Catalog e2e", ["ingest", "read", "admin"]);
  return { projectId, key, name };
}

/** A counter over plan × region (6 series) and a gauge; returns the total sent per plan. */
export async function seedMetrics(request: APIRequestContext, key: string): Promise<Record<string, number>> {
  const times = recentTimes(POINTS);
  const totals: Record<string, number> = {};
  const metrics: Record<string, unknown>[] = times.flatMap((timestamp, i) =>
    PLANS.flatMap((plan, p) =>
      REGIONS.map((region, r) => {
        const value = 1 + i + p * 10 + r * 3;
        totals[plan] = (totals[plan] ?? 0) + value;
        return { type: "counter", name: "api.requests", value, tags: { plan, region }, timestamp };
      }),
    ),
  );
  metrics.push(...times.map((timestamp, i) => ({ type: "gauge", name: "queue.depth", value: 40 + (i % 5), tags: {}, timestamp })));
  await ingest(request, key, "/api/v1/metrics/batch", { metrics });
  return totals;
}

/** `signup` events with plan and referrer properties; returns the count per plan. */
export async function seedEvents(request: APIRequestContext, key: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const events = recentTimes(POINTS).flatMap((timestamp, i) => {
    const plan = PLANS[i % PLANS.length];
    counts[plan] = (counts[plan] ?? 0) + 1;
    return [{ name: "signup", timestamp, properties: { plan, referrer: i % 2 ? "ads" : "search" } }];
  });
  await ingest(request, key, "/api/v1/events/batch", { events });
  return counts;
}
