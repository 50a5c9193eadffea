import { describe, expect, it } from "vitest";
import { api } from "@/tests/fixtures";
import { TEST_INIT } from "@/scripts/lib/test-stack";
import { provisionProject } from "@/lib/projects/provision";

// The BrainzLab SDKs' auto-provisioning, as the Ruby SDK's provisioner sends it.
const provision = (body: unknown, masterKey?: string) =>
  api("/api/v1/projects/provision", { body, headers: masterKey ? { "x-master-key": masterKey, "user-agent": "brainzlab-sdk/0.1.10" } : {} });

describe("POST /api/v1/projects/provision", () => {
  it("creates the project once and hands out working keys each time", async () => {
    const name = `shop-${Date.now()}`;
    const first = await provision({ name, environment: "production" }, TEST_INIT.masterKey);
    expect(first.status).toBe(201);
    const project = await first.json();
    expect(project).toMatchObject({ name, environment: "production", ingest_key: expect.stringMatching(/^flux_/), api_key: expect.stringMatching(/^flux_/) });

    const sent = await api("/api/v1/flux/batch", { key: project.ingest_key, body: { events: [{ name: "provisioned", timestamp: new Date().toISOString() }], metrics: [] } });
    expect(sent.status).toBe(202);
    const who = await (await api("/api/v1/project", { key: project.api_key })).json();
    expect(who).toMatchObject({ project: { id: project.id, name }, key: { scopes: ["ingest", "read"] } });

    const again = await provision({ name, environment: "staging" }, TEST_INIT.masterKey);
    expect(again.status).toBe(200);
    const second = await again.json();
    expect(second.id).toBe(project.id);
    expect(second.ingest_key).not.toBe(project.ingest_key);
  });

  it("refuses a missing or wrong master key and invalid bodies", async () => {
    expect((await provision({ name: "x" })).status).toBe(401);
    const wrong = await provision({ name: "x" }, "flux_wrong_master_key_0123456789abcdefghijkl");
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.code).toBe("unauthorized");
    const invalid = await provision({ name: "" }, TEST_INIT.masterKey);
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).error.details[0].field).toBe("name");
    expect((await provision("not json{", TEST_INIT.masterKey)).status).toBe(400);
  });

  it("is off until FLUX_MASTER_KEY is set", async () => {
    await expect(provisionProject({ masterKey: "anything", input: { name: "x" } })).rejects.toMatchObject({ code: "forbidden" });
  });
});
