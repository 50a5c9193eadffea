import { describe, expect, it } from "vitest";
import { roleAllows, scopesAllow } from "./scopes";
import { can } from "./caller";

describe("roles and scopes", () => {
  it("lets owners do everything, editors everything but admin, viewers only read", () => {
    expect(["ingest", "read", "write", "admin"].every((p) => roleAllows("owner", p as never))).toBe(true);
    expect(roleAllows("editor", "write")).toBe(true);
    expect(roleAllows("editor", "admin")).toBe(false);
    expect(roleAllows("viewer", "read")).toBe(true);
    expect(roleAllows("viewer", "write")).toBe(false);
    expect(roleAllows("viewer", "ingest")).toBe(false);
  });

  it("gives a key exactly its scopes, with admin implying the rest", () => {
    expect(scopesAllow(["ingest"], "ingest")).toBe(true);
    expect(scopesAllow(["ingest"], "read")).toBe(false);
    expect(scopesAllow(["read"], "ingest")).toBe(false);
    expect(scopesAllow(["admin"], "read")).toBe(true);
    expect(scopesAllow([], "read")).toBe(false);
  });

  it("checks callers of either kind", () => {
    expect(can({ kind: "key", projectId: "p", keyId: "k", scopes: ["read"] }, "read")).toBe(true);
    expect(can({ kind: "user", projectId: "p", userId: "u", role: "viewer" }, "admin")).toBe(false);
  });
});
