import fs from "node:fs";
import { createRequire } from "node:module";

/** The browser the e2e tests drive: Debian's Chromium, else Playwright's own download. */
export function findChromium(): string | undefined {
  const system = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
  if (system) return system;
  if (fs.existsSync(playwrightBrowserPath() ?? "")) return undefined; // Playwright finds its own
  throw new Error(
    "No Chromium for the end-to-end tests. Install one: `apt-get install -y chromium` (Debian/Ubuntu) or `npx playwright install chromium`.",
  );
}

function playwrightBrowserPath(): string | undefined {
  try {
    const { chromium } = createRequire(import.meta.url)("playwright-core") as typeof import("playwright-core");
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}
