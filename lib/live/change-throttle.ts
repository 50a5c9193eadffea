import { mergeChanges, type LiveChange } from "./change-message";

export interface ChangeThrottle {
  /** Records a change; it is published at once or merged into the next message. */
  add(projectId: string, change: LiveChange): void;
  /** Publishes every pending change now (shutdown, tests). */
  flush(): void;
}

interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending message never keeps a process alive on its own.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface ProjectState {
  lastPublishedAt: number;
  pending: LiveChange | null;
  timer: unknown;
}

/**
 * At most one message per project every `intervalMs`, however fast batches commit: the first
 * change goes out at once, later ones are merged and go out when the interval has passed, so
 * the last change is always published and never later than one interval.
 */
export function createChangeThrottle(options: {
  intervalMs: number;
  publish: (projectId: string, change: LiveChange) => void;
  clock?: Clock;
}): ChangeThrottle {
  const clock = options.clock ?? realClock;
  const projects = new Map<string, ProjectState>();

  const publishPending = (projectId: string, state: ProjectState) => {
    state.timer = null;
    const change = state.pending;
    state.pending = null;
    if (!change) return;
    state.lastPublishedAt = clock.now();
    options.publish(projectId, change);
    // Quiet projects are forgotten once their interval is over, so the map stays small.
    state.timer = clock.setTimeout(() => {
      state.timer = null;
      if (state.pending) publishPending(projectId, state);
      else projects.delete(projectId);
    }, options.intervalMs);
  };

  return {
    add(projectId, change) {
      let state = projects.get(projectId);
      if (!state) {
        state = { lastPublishedAt: -Infinity, pending: null, timer: null };
        projects.set(projectId, state);
      }
      state.pending = state.pending ? mergeChanges(state.pending, change) : change;
      // A timer is running: the interval since the last message is not over, it will publish.
      if (state.timer) return;
      publishPending(projectId, state);
    },
    flush() {
      for (const [projectId, state] of projects) {
        if (state.timer) clock.clearTimeout(state.timer);
        state.timer = null;
        if (state.pending) {
          const change = state.pending;
          state.pending = null;
          options.publish(projectId, change);
        }
      }
      projects.clear();
    },
  };
}
