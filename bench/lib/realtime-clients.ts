// Dashboards without a browser: each opens the live stream with the signed-in user's session
// cookie and, on every change, sends the very requests a dashboard page sends (captured from
// Chromium), one at a time per widget with the last change kept, as use-live-refetch.ts does.
// They put the server load of many open dashboards on the app while Chromium renders only
// one, so the two cores go to Flux and PostgreSQL rather than to 50 renderers.
import { setMaxListeners } from "node:events";
import type { Render } from "./realtime-board";
import { followLiveStream } from "./realtime-stream";

export interface CapturedWidgets {
  /** The POST bodies of the dashboard's widget queries. */
  bodies: string[];
  /** Which of them is the number widget's (it compares with the previous period). */
  numberIndex: number;
}

export function widgetsFromBodies(bodies: Iterable<string>): CapturedWidgets {
  const list = [...new Set(bodies)].sort();
  const numberIndex = list.findIndex((b) => b.includes("previous_period"));
  if (list.length !== 2 || numberIndex < 0) throw new Error(`expected the 2 widget requests of the dashboard, captured ${list.length}: ${list.join(" | ")}`);
  return { bodies: list, numberIndex };
}

class HeadlessDashboard {
  /** Total → Date.now() when an answer of the number widget's request first held it (no frame: dom = frame). */
  readonly renders = new Map<string, Render>();
  queries = 0;
  /** Answers other than 200 (the bench fails on any). */
  errors: string[] = [];
  private readonly running: boolean[];
  private readonly pending: boolean[];

  constructor(
    private readonly options: { baseUrl: string; projectId: string; cookie: string; widgets: CapturedWidgets; signal: AbortSignal },
  ) {
    this.running = options.widgets.bodies.map(() => false);
    this.pending = options.widgets.bodies.map(() => false);
  }

  /** Resolves once the stream said `ready`. */
  open(): Promise<void> {
    const { baseUrl, projectId, cookie, signal } = this.options;
    return followLiveStream({
      url: `${baseUrl}/api/v1/live?project=${projectId}`,
      headers: { cookie },
      signal,
      onEvent: (event) => { if (event === "change" || event === "resync") this.refetchAll(); },
    });
  }

  private refetchAll() {
    this.options.widgets.bodies.forEach((_, i) => {
      if (this.running[i]) {
        this.pending[i] = true;
        return;
      }
      this.running[i] = true;
      void (async () => {
        try {
          do {
            this.pending[i] = false;
            await this.fetchWidget(i);
          } while (this.pending[i]);
        } catch {
          // aborted at the end of the run
        } finally {
          this.running[i] = false;
        }
      })();
    });
  }

  private async fetchWidget(i: number) {
    const { baseUrl, projectId, cookie, widgets, signal } = this.options;
    this.queries++;
    const res = await fetch(`${baseUrl}/api/v1/query?project=${projectId}`, {
      method: "POST",
      // What Chromium sends with the page's same-origin fetch (cookie-authenticated POSTs must be same-origin).
      headers: { cookie, "content-type": "application/json", origin: baseUrl, "sec-fetch-site": "same-origin" },
      body: widgets.bodies[i],
      signal,
    });
    if (res.status !== 200) {
      this.errors.push(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      return;
    }
    const data = (await res.json()) as { results?: Record<string, { series: { total: number | null }[] }> };
    if (i !== widgets.numberIndex) return;
    const total = data.results?.a?.series[0]?.total;
    if (typeof total === "number" && !this.renders.has(String(total))) {
      const now = Date.now();
      this.renders.set(String(total), { dom: now, frame: now });
    }
  }
}

/** `count` headless dashboards, each live and refetching on every change. */
export async function openHeadlessDashboards(options: { baseUrl: string; projectId: string; cookie: string; widgets: CapturedWidgets; count: number }) {
  const controller = new AbortController();
  // Every stream and query of every headless dashboard listens on this one signal.
  setMaxListeners(0, controller.signal);
  const dashboards = Array.from({ length: options.count }, () => new HeadlessDashboard({ ...options, signal: controller.signal }));
  await Promise.all(dashboards.map((d) => d.open()));
  return {
    count: dashboards.length,
    renders: dashboards.map((d) => d.renders),
    queries: () => dashboards.reduce((t, d) => t + d.queries, 0),
    errors: () => dashboards.flatMap((d) => d.errors),
    close: () => controller.abort(),
  };
}
