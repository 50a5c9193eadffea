import fs from "node:fs";
import path from "node:path";
import { openApiDocument } from "@/lib/openapi/spec";

/** One route handler and method the app serves, as `/api/v1/dashboards/{dashboardId}`. */
export interface RouteMethod {
  template: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
  /** Auth.js's own endpoints answer in its format, not Flux's envelope. */
  foreign: boolean;
}

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** Every route.ts under app/api with the methods it exports. */
export function appRoutes(): RouteMethod[] {
  const root = path.resolve("app");
  const found: RouteMethod[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === "route.ts") {
        const template = "/" + path.relative(root, dir).split(path.sep).map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, "{$1}")).join("/");
        const source = fs.readFileSync(full, "utf8");
        const exported = new Set<string>();
        for (const m of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)) exported.add(m[1]);
        for (const m of source.matchAll(/export const \{([^}]+)\}/g)) for (const name of m[1].split(",")) exported.add(name.trim());
        for (const method of METHODS) if (exported.has(method)) found.push({ template, method, foreign: template.startsWith("/api/auth") });
      }
    }
  };
  visit(path.resolve("app/api"));
  return found;
}

/** Every path and method the OpenAPI document describes. */
export function specRoutes(): RouteMethod[] {
  const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.keys(ops)
      .map((m) => m.toUpperCase())
      .filter((m): m is RouteMethod["method"] => (METHODS as readonly string[]).includes(m))
      .map((method) => ({ template, method, foreign: false })),
  );
}

/** The union of both, so a route added to either is fuzzed without editing the test. */
export function allRoutes(): RouteMethod[] {
  const byKey = new Map<string, RouteMethod>();
  for (const r of [...appRoutes(), ...specRoutes()]) byKey.set(`${r.method} ${r.template}`, byKey.get(`${r.method} ${r.template}`) ?? r);
  return [...byKey.values()].sort((a, b) => `${a.template} ${a.method}`.localeCompare(`${b.template} ${b.method}`));
}

export const hasBody = (method: RouteMethod["method"]) => method === "POST" || method === "PUT" || method === "PATCH";

/** The parameter names of a template: `{dashboardId}` → dashboardId. */
export const templateParams = (template: string) => [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
