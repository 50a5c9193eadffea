import path from "node:path";
import { defineConfig } from "vitest/config";

// `npm run test:deploy`: Flux's Docker image built and run without Docker. Opt-in, since it
// makes a production build of its own (about a minute) besides the one the other tests use.
const root = path.resolve(import.meta.dirname, "../..");

export default defineConfig({
  root,
  resolve: { alias: { "@": root } },
  test: {
    name: "deploy",
    environment: "node",
    include: ["tests/deploy/**/*.deploy.test.ts"],
    env: { TZ: "UTC" },
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
