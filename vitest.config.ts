import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          environment: "node",
          include: ["{lib,components,app,sdk,scripts}/**/*.test.{ts,tsx}", "tests/pusher/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          env: { TZ: "UTC" },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "int",
          environment: "node",
          include: ["{lib,app,sdk,tests}/**/*.int.test.ts"],
          exclude: ["**/node_modules/**", "tests/load/**"],
          globalSetup: ["tests/setup/global-int.ts"],
          setupFiles: ["tests/setup/int-env.ts"],
          env: { TZ: "UTC" },
          // next-auth imports `next/server` without an extension, which Node's resolver cannot
          // find; inlined, Vite resolves it (domain modules reach next-auth through lib/auth).
          server: { deps: { inline: ["next-auth"] } },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // Latency under load (tests/load): alone on the app, one file at a time, after the
          // int stage, so no other test's traffic lands in the figures it asserts.
          name: "load",
          environment: "node",
          include: ["tests/load/**/*.int.test.ts"],
          globalSetup: ["tests/setup/global-int.ts"],
          setupFiles: ["tests/setup/int-env.ts"],
          env: { TZ: "UTC" },
          server: { deps: { inline: ["next-auth"] } },
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
