import { randomBytes } from "node:crypto";
import os from "node:os";

// Names this process in job_runs, so an operator sees which instance ran what. Kept on
// globalThis: route bundles load modules separately and must agree on it.
const holder = globalThis as unknown as { __fluxInstanceId?: string };

export function instanceId(): string {
  return (holder.__fluxInstanceId ??= `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`);
}
