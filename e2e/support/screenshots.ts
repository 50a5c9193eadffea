import path from "node:path";

/**
 * Where an e2e screenshot goes: the README's docs/screenshots when asked
 * (`FLUX_UPDATE_SCREENSHOTS=1 npm run test:e2e`), else the git-ignored .flux folder, so an
 * ordinary test run leaves the working tree clean.
 */
export function shot(name: string): string {
  const dir = process.env.FLUX_UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : ".flux/screenshots";
  return path.join(dir, name);
}
