import type { TestProject } from "vitest/node";
import { startTestStack } from "../../scripts/lib/test-stack";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    baseUrl: string;
  }
}

/**
 * Integration tests get a real PostgreSQL and a running Flux. `npm test` starts them once
 * and passes FLUX_TEST_DATABASE_URL / FLUX_TEST_BASE_URL; run alone, this starts its own.
 */
export default async function setup(project: TestProject) {
  if (process.env.FLUX_TEST_DATABASE_URL) {
    project.provide("databaseUrl", process.env.FLUX_TEST_DATABASE_URL);
    project.provide("baseUrl", process.env.FLUX_TEST_BASE_URL ?? "");
    return;
  }
  const stack = await startTestStack({ app: process.env.FLUX_TEST_NO_APP !== "1", name: "int" });
  project.provide("databaseUrl", stack.databaseUrl);
  project.provide("baseUrl", stack.baseUrl ?? "");
  return () => stack.stop();
}
