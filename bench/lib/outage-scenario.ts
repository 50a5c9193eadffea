import { randomUUID } from "node:crypto";
import { checkStored, type Phase } from "./outage-check";
import { sleep, startLoad, type Attempt, type Load } from "./outage-load";
import type { OutageStack } from "./outage-stack";

export interface ScenarioOptions {
  clients: number;
  pointsPerSecond: number;
  eventsPerSecond: number;
  warmupMs: number;
  databaseDownMs: number;
  recoveryMs: number;
  afterRestartMs: number;
  drainTimeoutMs: number;
  log?: (line: string) => void;
}

/**
 * The outage scenario against one stack: steady SDK load; PostgreSQL stopped for
 * `databaseDownMs` and started again; then, during a burst, the app SIGKILLed the moment a
 * batch commits (before it can answer, if the kill wins the race) and started again on the
 * same port; then the load stops, the SDK clients flush, and the stored data is compared
 * with what they were asked to send.
 */
export async function runOutageScenario(stack: OutageStack, options: ScenarioOptions) {
  const log = options.log ?? (() => {});

  const phases: Phase[] = [];
  const phase = (name: string) => {
    phases.push({ name, start: Date.now() });
    log(`[${new Date().toISOString().slice(11, 23)}] ${name}`);
  };
  const load = startLoad({ baseUrl: stack.baseUrl, apiKey: stack.apiKey, clients: options.clients, pointsPerSecond: options.pointsPerSecond, eventsPerSecond: options.eventsPerSecond, runId: randomUUID().slice(0, 8) });
  try {
    phase("steady");
    await sleep(options.warmupMs);

    phase("database stopped");
    const stopAt = Date.now();
    await stack.stopDatabase();
    await sleep(Math.max(0, options.databaseDownMs - (Date.now() - stopAt)));
    await stack.startDatabase();
    const databaseDownMs = Date.now() - stopAt;
    phase("database back");
    await sleep(options.recoveryMs);

    phase("app killed");
    const kill = await killOnCommit(stack, load);
    const downSince = Date.now();
    await stack.startApp();
    const appDownMs = Date.now() - downSince;
    phase("app back");
    await sleep(options.afterRestartMs);

    phase("draining");
    load.stop();
    const drained = await load.drain(options.drainTimeoutMs);
    const stored = await checkStored(stack.db, load.sent, phases.filter((p) => p.name !== "draining"));
    const http = summarise(load.attempts, kill.inFlight);
    return {
      ...stored,
      drained,
      drops: load.drops.reduce((n, d) => n + d.events.length + d.metrics.length, 0),
      sdk: load.clients.map((c) => c.stats()),
      http,
      kill: { byCommit: kill.byCommit, inFlight: kill.inFlight.length },
      databaseDownMs,
      appDownMs,
      app: { unhandled: [...stack.log.unhandled], unavailable: Object.fromEntries(stack.log.unavailable) },
      attempts: load.attempts,
      phases,
    };
  } finally {
    await load.shutdown();
  }
}

/**
 * Bursts all clients and SIGKILLs the app the moment PostgreSQL acknowledges a COMMIT (the
 * relay holds that acknowledgement back), or after 3 s without one. Returns the keys of the
 * batches whose attempts were in flight then.
 */
async function killOnCommit(stack: OutageStack, load: Load): Promise<{ byCommit: boolean; inFlight: string[] }> {
  const pid = stack.appPid();
  let byCommit = false;
  let fired!: () => void;
  const done = new Promise<void>((resolve) => (fired = resolve));
  const disarm = stack.relay.onNextCommit(() => {
    if (pid) process.kill(pid, "SIGKILL");
    byCommit = true;
    fired();
  });
  load.burst();
  const fallback = setTimeout(fired, 3_000);
  await done;
  clearTimeout(fallback);
  disarm();
  const killedAt = Date.now();
  await stack.killApp();
  const inFlight = load.attempts.filter((a) => a.start <= killedAt && (a.end === 0 || a.end >= killedAt)).map((a) => a.key);
  return { byCommit, inFlight };
}

/** The SDK's traffic by outcome; a retry is any attempt after a key's first. */
function summarise(attempts: Attempt[], inFlightAtKill: string[]) {
  const byKey = new Map<string, Attempt[]>();
  for (const a of attempts) byKey.set(a.key, [...(byKey.get(a.key) ?? []), a]);
  const statuses: Record<string, number> = {};
  const networkErrors: Record<string, number> = {};
  for (const a of attempts) {
    if (a.status !== undefined) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    else networkErrors[a.error ?? "?"] = (networkErrors[a.error ?? "?"] ?? 0) + 1;
  }
  let replayedAfterLostAnswer = 0;
  let replayedAfter503 = 0;
  for (const list of byKey.values()) {
    const replay = list.findIndex((a) => a.replayed);
    if (replay <= 0) continue;
    if (list.slice(0, replay).some((a) => a.error)) replayedAfterLostAnswer++;
    else if (list.slice(0, replay).some((a) => a.status === 503)) replayedAfter503++;
  }
  const killed = new Set(inFlightAtKill);
  const durations = attempts.filter((a) => a.end > 0).map((a) => a.end - a.start).sort((a, b) => a - b);
  return {
    attempts: attempts.length,
    batches: byKey.size,
    retries: attempts.length - byKey.size,
    statuses,
    networkErrors,
    unavailableWithoutRetryAfter: attempts.filter((a) => a.status === 503 && !a.retryAfter).length,
    serverErrors: attempts.filter((a) => a.status !== undefined && a.status >= 500 && a.status !== 503).length,
    replays: attempts.filter((a) => a.replayed).length,
    /** Batches stored whose answer the SDK never got (the app died, the connection broke): retried, answered from the first result. */
    replayedAfterLostAnswer,
    replayedAfter503,
    /** Of the batches in flight at the kill, those stored whose answer was lost (replayed later). */
    storedUnansweredAtKill: [...killed].filter((key) => {
      const list = byKey.get(key) ?? [];
      const replay = list.findIndex((a) => a.replayed);
      return replay > 0 && list.slice(0, replay).some((a) => a.error);
    }).length,
    slowestAnswerMs: durations.at(-1) ?? 0,
    medianAnswerMs: durations[Math.floor(durations.length / 2)] ?? 0,
    maxRetriesOfOneBatch: Math.max(0, ...[...byKey.values()].map((l) => l.length - 1)),
  };
}

export type OutageReport = Awaited<ReturnType<typeof runOutageScenario>>;

/** Everything that makes the run a failure, in words. */
export function failures(report: OutageReport): string[] {
  const out = [...report.mismatches];
  if (!report.drained) out.push(`the SDK clients still held ${report.sdk.reduce((n, s) => n + s.buffered, 0)} item(s) after the drain timeout`);
  if (report.drops > 0) out.push(`the SDK gave up on ${report.drops} item(s) (onDrop)`);
  if (report.http.serverErrors > 0) out.push(`${report.http.serverErrors} answer(s) were 5xx other than 503: ${JSON.stringify(report.http.statuses)}`);
  if (report.http.unavailableWithoutRetryAfter > 0) out.push(`${report.http.unavailableWithoutRetryAfter} 503 answer(s) lacked Retry-After`);
  if (!report.http.statuses["503"]) out.push("no 503 was seen while PostgreSQL was down: the outage did not reach ingest");
  if (!report.kill.byCommit) out.push("no COMMIT was seen during the burst: the app was killed without a batch in the balance");
  else if (report.http.storedUnansweredAtKill === 0) out.push("the kill left no stored, unanswered batch: the case the kill is for did not happen");
  if (report.app.unhandled.length > 0) out.push(`the app logged ${report.app.unhandled.length} unhandled error(s): ${report.app.unhandled.slice(0, 3).join(" | ")}`);
  return out;
}
