import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./spec";

// Every route handler under app/api/v1 (and each method it exports) must be described.
function routeMethods(): Map<string, string[]> {
  const root = path.resolve("app/api");
  const found = new Map<string, string[]>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === "route.ts") {
        const rel = path.relative(path.resolve("app"), path.dirname(full));
        if (rel.startsWith("api/auth")) continue;
        const apiPath = "/" + rel.split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/");
        const source = fs.readFileSync(full, "utf8");
        const methods = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1].toLowerCase());
        found.set(apiPath, methods);
      }
    }
  };
  visit(root);
  return found;
}

describe("OpenAPI document", () => {
  const doc = openApiDocument() as { openapi: string; paths: Record<string, Record<string, unknown>> };

  it("is OpenAPI 3.1 and serialisable", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(() => JSON.stringify(doc)).not.toThrow();
  });

  it("describes every route and method the app serves, and nothing else", () => {
    const routes = routeMethods();
    expect(routes.size).toBeGreaterThan(10);
    for (const [route, methods] of routes) {
      expect(Object.keys(doc.paths), `${route} is missing from the OpenAPI document`).toContain(route);
      expect(Object.keys(doc.paths[route]).sort(), `methods of ${route}`).toEqual([...methods].sort());
    }
    for (const described of Object.keys(doc.paths)) expect(routes.has(described), `${described} is described but not served`).toBe(true);
  });

  it("derives request bodies from the validating schemas", () => {
    const query = (doc.paths["/api/v1/query"].post as { requestBody: { content: Record<string, { schema: { anyOf?: unknown[] } }> } }).requestBody;
    expect(query.content["application/json"].schema.anyOf).toHaveLength(3);
  });
});
