import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// React escapes every string it renders; these are the ways around it. The only HTML built
// from strings is the ECharts tooltip, through `html` (lib/format/escape-html.ts), checked by
// components/charts/options/build-options.xss.test.ts.
const RAW_HTML = [
  /dangerouslySetInnerHTML/,
  /\.(innerHTML|outerHTML)\s*[+]?=/,
  /insertAdjacentHTML|document\.write|createContextualFragment|DOMParser|srcdoc|srcDoc/,
  /href=\{?["'`]javascript:/i,
  /\bnew Function\(|\beval\(/,
];

/** Places that may, and why: nothing there comes from data. */
const ALLOWED: Record<string, RegExp> = {
  // The static theme script that runs before first paint (no data in it).
  "app/layout.tsx": /dangerouslySetInnerHTML=\{\{\s*__html:\s*themeScript\s*\}\}/,
};

const ROOT = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    // Test support holds the hostile strings themselves.
    if (e.isDirectory()) return e.name === "testing" ? [] : sources(rel);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

describe("no raw HTML outside the escaping helper", () => {
  it("finds no innerHTML, dangerouslySetInnerHTML, javascript: links or eval in app/ and components/", () => {
    const found: string[] = [];
    for (const file of [...sources("app"), ...sources("components")]) {
      const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
      lines.forEach((line, i) => {
        if (RAW_HTML.some((re) => re.test(line)) && !ALLOWED[file]?.test(line)) found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("keeps every ECharts formatter in components/charts/options, where the XSS test calls them all", () => {
    const outside = [...sources("app"), ...sources("components")]
      .filter((file) => !file.startsWith(path.join("components", "charts", "options")))
      .filter((file) => /\b(formatter|valueFormatter)\s*:/.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
    expect(outside).toEqual([]);
  });

  it("would catch one", () => {
    expect(RAW_HTML.some((re) => re.test("el.innerHTML = name;"))).toBe(true);
    expect(RAW_HTML.some((re) => re.test('<div dangerouslySetInnerHTML={{ __html: label }} />'))).toBe(true);
    expect(RAW_HTML.some((re) => re.test("<a href={`javascript:${x}`}>"))).toBe(true);
  });
});
