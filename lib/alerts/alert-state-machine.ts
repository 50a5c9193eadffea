import type { AlertState } from "./alert-schemas";

// The life of one rule and group, as a pure function of what was stored and what the latest
// evaluation saw. normal → pending (condition holds, not yet for long enough) → firing →
// recovering (condition cleared, not yet for long enough) → normal; no_data and error beside.

/** What one evaluation saw for one group. */
export type Observation =
  /** `holds`: the alert condition is true; `cleared`: it is false past the recovery value (hysteresis). Neither: in between. */
  | { kind: "value"; value: number | null; holds: boolean; cleared: boolean }
  | { kind: "no_data" }
  | { kind: "error" };

export interface GroupState {
  state: AlertState;
  /** When this state began (epoch ms). */
  since: number;
  /** When the condition first held (pending) or first cleared (recovering). */
  conditionSince: number | null;
  /**
   * When the current episode was last announced; null while no firing message is owed a
   * "resolved" (never announced, muted throughout, or resolved).
   */
  lastNotifiedAt: number | null;
}

export interface StepOptions {
  /** How long the condition must hold before firing. */
  forMs: number;
  /** How long it must stay cleared before a firing alert is resolved (damps flapping). */
  recoveryMs: number;
  renotifyMs: number | null;
  muted: boolean;
}

export type Notification = "firing" | "reminder" | "resolved";

export interface Step {
  next: GroupState;
  /** The state changed, or a message is sent while it stays (a reminder): record it. */
  record: boolean;
  /** The message to send (null when muted or nothing is owed). */
  notify: Notification | null;
}

export const INITIAL_STATE = (now: number): GroupState => ({ state: "normal", since: now, conditionSince: null, lastNotifiedAt: null });

/** The state a group moves to, ignoring messages. */
function nextState(prev: GroupState, obs: Observation, options: StepOptions, now: number): { state: AlertState; conditionSince: number | null } {
  if (obs.kind === "no_data") return { state: "no_data", conditionSince: null };
  if (obs.kind === "error") return { state: "error", conditionSince: null };
  // An episode that was announced and not yet resolved continues through no_data and error.
  const unresolved = prev.lastNotifiedAt !== null || prev.state === "firing" || prev.state === "recovering";
  const recover = (): { state: AlertState; conditionSince: number | null } =>
    options.recoveryMs <= 0 ? { state: "normal", conditionSince: null } : { state: "recovering", conditionSince: now };
  if (obs.holds) {
    switch (prev.state) {
      case "firing":
      case "recovering":
        return { state: "firing", conditionSince: null };
      case "pending": {
        const started = prev.conditionSince ?? now;
        return now - started >= options.forMs ? { state: "firing", conditionSince: null } : { state: "pending", conditionSince: started };
      }
      default:
        if (unresolved || options.forMs <= 0) return { state: "firing", conditionSince: null };
        return { state: "pending", conditionSince: now };
    }
  }
  if (obs.cleared) {
    switch (prev.state) {
      case "firing":
        return recover();
      case "recovering": {
        const started = prev.conditionSince ?? now;
        return now - started >= options.recoveryMs ? { state: "normal", conditionSince: null } : { state: "recovering", conditionSince: started };
      }
      case "no_data":
      case "error":
        return unresolved ? recover() : { state: "normal", conditionSince: null };
      default:
        return { state: "normal", conditionSince: null };
    }
  }
  // Between the alert value and the recovery value: a firing alert stays firing (a recovery that
  // had begun is off), anything else is not alerting.
  if (prev.state === "firing" || prev.state === "recovering" || unresolved) return { state: "firing", conditionSince: null };
  return { state: "normal", conditionSince: null };
}

/** One evaluation of one group: its next state, whether to record it, and what to send. */
export function step(previous: GroupState | null, obs: Observation, options: StepOptions, now: number): Step {
  const prev = previous ?? INITIAL_STATE(now);
  const { state, conditionSince } = nextState(prev, obs, options, now);
  const changed = state !== prev.state;
  let lastNotifiedAt = prev.lastNotifiedAt;
  let notify: Notification | null = null;
  if (state === "firing") {
    if (lastNotifiedAt === null) {
      if (!options.muted) [notify, lastNotifiedAt] = ["firing", now];
    } else if (options.renotifyMs !== null && now - lastNotifiedAt >= options.renotifyMs && !options.muted) {
      [notify, lastNotifiedAt] = ["reminder", now];
    }
  } else if (state === "normal" && lastNotifiedAt !== null) {
    // Resolved: said only of an episode that was announced, and not while muted.
    if (!options.muted) notify = "resolved";
    lastNotifiedAt = null;
  }
  return {
    next: { state, since: changed ? now : prev.since, conditionSince, lastNotifiedAt },
    record: changed || notify !== null,
    notify,
  };
}

/** Minimum recovery time per rule kind: thresholds wait out flapping; anomaly episodes and returning data are already settled. */
export function recoveryMs(kind: "threshold" | "anomaly" | "no_data", forMinutes: number): number {
  if (kind !== "threshold") return 0;
  return Math.min(Math.max(forMinutes, 1), 5) * 60_000;
}
