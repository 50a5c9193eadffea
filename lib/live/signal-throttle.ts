export interface SignalClock {
  setTimeout(fn: () => void, ms: number): unknown;
}

const realClock: SignalClock = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending signal never keeps a process alive on its own.
    t.unref?.();
    return t;
  },
};

interface ProjectState {
  /** Callers waiting for the trailing signal, or null when none came since the last one. */
  waiting: (() => void)[] | null;
}

/**
 * At most one signal per project every `intervalMs`: the first goes out at once, later ones
 * are folded into one trailing signal when the interval is over, so the last call is always
 * followed by a signal. Each call's promise resolves once a signal sent after it has gone out
 * (whatever `send` did; it should report its own failures) and never rejects.
 */
export function createSignalThrottle(options: {
  intervalMs: number;
  send: (projectId: string) => Promise<void>;
  clock?: SignalClock;
}): (projectId: string) => Promise<void> {
  const clock = options.clock ?? realClock;
  const projects = new Map<string, ProjectState>();

  const run = (projectId: string, state: ProjectState, waiters: (() => void)[]) => {
    void Promise.resolve()
      .then(() => options.send(projectId))
      .catch((error) => console.error("[flux] live signal failed:", (error as Error).message))
      .finally(() => waiters.forEach((w) => w()));
    clock.setTimeout(() => {
      const next = state.waiting;
      state.waiting = null;
      // Quiet projects are forgotten once their interval is over, so the map stays small.
      if (next) run(projectId, state, next);
      else projects.delete(projectId);
    }, options.intervalMs);
  };

  return (projectId) =>
    new Promise<void>((resolve) => {
      const state = projects.get(projectId);
      if (state) {
        (state.waiting ??= []).push(resolve);
        return;
      }
      const fresh: ProjectState = { waiting: null };
      projects.set(projectId, fresh);
      run(projectId, fresh, [resolve]);
    });
}
