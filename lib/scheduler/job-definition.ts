/**
 * What a scheduled job gets when it runs. `now` is the instant the run started (epoch ms);
 * `signal` aborts when the process stops, so a long job can end between two batches.
 */
export interface JobContext {
  now: number;
  trigger: "timer" | "cron";
  signal: AbortSignal;
}

/**
 * One scheduled job. It runs at most once per `everySeconds` across every instance (periods are
 * aligned to the epoch, so all instances agree on them); 0 or less keeps it off the timer, though
 * a cron call of its name still runs it. `run` resolves to a JSON summary that holds counts and
 * instance-wide facts only, never a project's data: the job-runs page shows it to every owner.
 */
export interface JobDefinition {
  name: string;
  everySeconds: number;
  run: (job: JobContext) => Promise<unknown>;
}
