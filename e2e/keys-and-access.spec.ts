import { expect, test } from "@playwright/test";
import { createProject, newAccount, signIn, signOut, signUp } from "./support/accounts";
import { SettingsPage } from "./support/settings-page";
import { acceptInvitation } from "./support/invitations";
import { shot } from "./support/screenshots";

test("an owner creates an API key that works, then revokes it and it stops working", async ({ page, request }) => {
  await signUp(page, newAccount("keys"));
  const projectId = await createProject(page, "Key project");
  const settings = new SettingsPage(page, projectId);
  await settings.open();

  const secret = await settings.createKey("Backend", ["ingest", "read"]);
  expect(secret).toMatch(/^flux_/);
  await expect(settings.keyRow("Backend")).toContainText(secret.slice(0, 11));
  await expect(settings.keyRow("Backend")).not.toContainText(secret);
  await page.screenshot({ path: shot("settings-api-keys.png"), fullPage: true });

  const ok = await request.get("/api/v1/project", { headers: { authorization: `Bearer ${secret}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ project: { id: projectId, name: "Key project" }, key: { scopes: ["ingest", "read"] } });

  await settings.revokeKey("Backend");
  const revoked = await request.get("/api/v1/project", { headers: { authorization: `Bearer ${secret}` } });
  expect(revoked.status()).toBe(401);
  expect((await revoked.json()).error.code).toBe("unauthorized");

  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
});

test("a viewer sees the project but cannot manage keys or members", async ({ browser }) => {
  const owner = await browser.newPage();
  const viewerAccount = newAccount("viewer");
  const viewer = await browser.newPage();
  await signUp(viewer, viewerAccount);

  await signUp(owner, newAccount("owner"));
  const projectId = await createProject(owner, "Shared project");
  const settings = new SettingsPage(owner, projectId);
  await settings.open();
  await settings.invite(viewerAccount.email, "viewer");
  expect(await acceptInvitation(viewer, "Shared project")).toBe(projectId);

  await viewer.goto(`/projects/${projectId}/settings`);
  await expect(viewer.getByTestId("keys-not-allowed")).toBeVisible();
  await expect(viewer.getByRole("form", { name: "Create API key" })).toHaveCount(0);
  await expect(viewer.getByRole("form", { name: "Invite member" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Delete project…" })).toHaveCount(0);
  await expect(viewer.getByLabel("Project name")).toBeDisabled();
  await owner.close();
  await viewer.close();
});

test("a non-member gets 404 for another project's page and API", async ({ page }) => {
  const owner = newAccount("private");
  await signUp(page, owner);
  const projectId = await createProject(page, "Private project");
  await signOut(page);

  await signUp(page, newAccount("outsider"));
  const response = await page.goto(`/projects/${projectId}/settings`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("Private project")).toHaveCount(0);

  const api = await page.request.get(`/api/v1/project?project=${projectId}`);
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe("not_found");

  await page.goto("/projects/new");
  await signOut(page);
  await signIn(page, owner);
  const own = await page.request.get(`/api/v1/project?project=${projectId}`);
  expect(own.status()).toBe(200);
});
