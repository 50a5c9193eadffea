import { describe, expect, it } from "vitest";
import { ADVISORY_LOCKS, jobLockName } from "@/lib/db/advisory-locks";
import { JOBS, findJob } from "./jobs";

describe("the job registry", () => {
  it("holds the storage jobs and the purges moved out of ingest", () => {
    const names = JOBS.map((job) => job.name);
    for (const name of ["rollups", "compression", "retention", "purge-idempotency-keys", "purge-event-ids", "purge-job-runs"]) expect(names).toContain(name);
  });

  it("names each job once", () => {
    const names = JOBS.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("gives every job an advisory lock of its own, distinct from every other lock", () => {
    for (const job of JOBS) expect(jobLockName(job.name), job.name).not.toBeNull();
    const keys = Object.values(ADVISORY_LOCKS);
    expect(new Set(keys).size).toBe(keys.length);
    expect(jobLockName("no-such-job")).toBeNull();
    // Lookup by own property only: a name like "toString" is not a lock.
    expect(jobLockName("constructor")).toBeNull();
  });

  it("uses names the cron route can carry in one path segment", () => {
    for (const job of JOBS) expect(job.name).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(JOBS.map((job) => job.name)).not.toContain("due");
  });

  it("finds a job by its exact name only", () => {
    expect(findJob("rollups")?.name).toBe("rollups");
    expect(findJob("Rollups")).toBeUndefined();
    expect(findJob("")).toBeUndefined();
  });
});
