import { expect, test, type Browser, type Page } from "@playwright/test";
import { createProject, newAccount, signIn, signUp, type Account } from "./support/accounts";
import { signUp as createUser } from "../lib/auth/users";
import { SettingsPage } from "./support/settings-page";
import { addMember } from "./support/anomaly-data";
import { shot } from "./support/screenshots";

// Managing share links from the dashboard's Share dialog and Settings → Share links: an editor
// creates a link (shown once, copyable without the Clipboard API), sees it listed with its
// views, a visitor uses it, the editor revokes it; viewers get no Share button.

const HOSTILE_LABEL = `Investors <img src=x onerror="window.__pwned=1">`;
const PASSWORD = "board-room-42";

declare global {
  interface Window {
    __pwned?: number;
    __copied?: string[];
  }
}

/** An owner's project with one dashboard (a number widget), and a member of the given role signed in on their own page. */
async function setUp(page: Page, browser: Browser, role: "editor" | "viewer") {
  await signUp(page, newAccount(`share-owner-${role}`));
  const projectId = await createProject(page, `Sharing ${role}`);
  const settings = new SettingsPage(page, projectId);
  await settings.open();
  const admin = await settings.createKey("Dashboards", ["admin"]);
  const created = await page.request.post("/api/v1/dashboards", {
    headers: { authorization: `Bearer ${admin}` },
    data: { name: "Revenue board", range: "24h", refreshSeconds: 0, widgets: [{ id: "signups", x: 0, y: 0, w: 4, h: 2, config: { type: "number", title: "Sign-ups", query: { source: "event", name: "e2e.signup", aggregation: "count", filters: [] } } }] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const dashboardId = (await created.json()).id as string;

  const account: Account = newAccount(role);
  const { id } = await createUser({ input: { name: `Erin the ${role}`, email: account.email, password: account.password } });
  await addMember(projectId, id, role);
  const context = await browser.newContext();
  // A Flux served over plain http on a LAN address has no Clipboard API: the Copy buttons must work without it.
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined, configurable: true });
    window.__copied = [];
    document.addEventListener("copy", () => {
      const el = document.activeElement;
      const area = el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement ? el : null;
      const selected = area ? area.value.slice(area.selectionStart ?? 0, area.selectionEnd ?? 0) : String(document.getSelection() ?? "");
      window.__copied!.push(selected);
    }, true);
  });
  const member = await context.newPage();
  await member.setViewportSize({ width: 1400, height: 900 });
  await signIn(member, account);
  return { projectId, dashboardId, member, context, dashboardUrl: `/projects/${projectId}/dashboards/${dashboardId}` };
}

test("an editor creates a password link in the Share dialog, copies it, sees it used; links are revoked from the dialog and from Settings → Share links and stay listed as revoked", async ({ page, browser, baseURL }) => {
  test.slow();
  const { projectId, member, context, dashboardUrl } = await setUp(page, browser, "editor");
  await member.goto(dashboardUrl);
  await member.getByTestId("share-dashboard").click();
  const dialog = member.getByTestId("share-dialog");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId("share-links-empty")).toBeVisible();

  // A password that is too short is refused in place, nothing is created.
  await dialog.getByTestId("share-label").fill("Board meeting");
  await dialog.getByTestId("share-password").fill("short");
  await dialog.getByTestId("share-create").click();
  await expect(dialog.getByText("A password has at least 8 characters")).toBeVisible();
  await expect(dialog.getByTestId("share-link-row")).toHaveCount(0);

  await dialog.getByTestId("share-password").fill(PASSWORD);
  await dialog.getByTestId("share-expiry").selectOption("30");
  await expect(dialog.getByTestId("share-lookback")).toHaveCount(0);
  await dialog.getByTestId("share-allow-range").check();
  await dialog.getByTestId("share-lookback").selectOption("90");
  await dialog.getByTestId("share-create").click();

  const urlInput = dialog.getByTestId("share-url");
  await expect(urlInput).toHaveValue(new RegExp(`^${baseURL}/share/fxs_[A-Za-z0-9_-]{43}$`));
  await expect(urlInput).toHaveAttribute("readonly", "");
  await expect(dialog.getByText("It is shown only once")).toBeVisible();
  const url = await urlInput.inputValue();
  const snippet = dialog.getByTestId("share-embed-snippet");
  await expect(snippet).toHaveValue(`<iframe src="${url}?embed=1" width="100%" height="600" style="border:0" title="Revenue board" loading="lazy"></iframe>`);

  // Copy works with no Clipboard API, for the link and the snippet.
  await dialog.getByRole("button", { name: "Copy the link" }).click();
  await expect(dialog.getByRole("button", { name: "Copy the link" })).toHaveText("Copied");
  await dialog.getByRole("button", { name: "Copy the embed snippet" }).click();
  await expect(dialog.getByRole("button", { name: "Copy the embed snippet" })).toHaveText("Copied");
  expect(await member.evaluate(() => window.__copied)).toEqual([url, await snippet.inputValue()]);

  const row = dialog.getByTestId("share-link-row");
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId("share-link-label")).toHaveText("Board meeting");
  await expect(row.getByTestId("share-link-creator")).toHaveText("Erin the editor");
  await expect(row.getByTestId("share-link-views")).toHaveText("0");
  await expect(row.getByTestId("share-link-last-viewed")).toHaveText("Never");
  await expect(row.getByTestId("share-link-password")).toHaveText("Yes");
  await expect(row).toContainText("Any range, up to 90 days back");
  await expect(row.getByTestId("share-link-status")).toHaveText("active");
  await dialog.screenshot({ path: shot("share-dialog.png") });

  // A second link, plain: its label is text, never markup.
  await dialog.getByTestId("share-another").click();
  await expect(dialog.getByTestId("share-url")).toHaveCount(0);
  await dialog.getByTestId("share-label").fill(HOSTILE_LABEL);
  await dialog.getByTestId("share-create").click();
  await expect(dialog.getByTestId("share-url")).toHaveValue(/\/share\/fxs_/);
  expect(await dialog.getByTestId("share-url").inputValue()).not.toBe(url);
  await expect(row).toHaveCount(2);
  const plain = row.filter({ hasText: "onerror" });
  await expect(plain.getByTestId("share-link-label")).toHaveText(HOSTILE_LABEL);
  await expect(plain.getByTestId("share-link-password")).toHaveText("No");
  await expect(plain).toContainText("Saved range only");
  expect(await member.evaluate(() => window.__pwned)).toBeUndefined();
  const board = row.filter({ hasText: "Board meeting" });

  // The copied URL works for a signed-out visitor who knows the password.
  const visitor = await browser.newPage();
  await visitor.goto(url);
  await visitor.getByTestId("share-password-input").fill(PASSWORD);
  await visitor.getByTestId("share-unlock").click();
  await expect(visitor.getByTestId("shared-dashboard")).toBeVisible();
  // The grant cookie lets a reload straight in; the page served is a view of the link.
  await visitor.reload();
  await expect(visitor.getByTestId("shared-dashboard")).toBeVisible();

  // The token is not shown again: a reopened dialog lists the link, now viewed, without its URL.
  await dialog.getByRole("button", { name: "Close" }).click();
  await member.getByTestId("share-dashboard").click();
  await expect(dialog.getByTestId("share-url")).toHaveCount(0);
  await expect(board.getByTestId("share-link-views")).not.toHaveText("0");
  await expect(board.getByTestId("share-link-last-viewed")).not.toHaveText("Never");
  await expect(plain.getByTestId("share-link-views")).toHaveText("0");
  // Revoked from the dialog, the plain link stays listed, as revoked, with nothing left to revoke.
  member.once("dialog", (d) => void d.accept());
  await plain.getByTestId("share-revoke").click();
  await expect(plain.getByTestId("share-link-status")).toHaveText("revoked");
  await expect(plain.getByTestId("share-revoke")).toHaveCount(0);
  await expect(board.getByTestId("share-link-status")).toHaveText("active");
  await dialog.getByRole("button", { name: "Close" }).click();

  // Settings → Share links lists it with its dashboard; revoking it closes the link at once.
  await member.goto(`/projects/${projectId}/settings`);
  await member.getByTestId("share-links-settings-link").click();
  await expect(member.getByRole("heading", { name: "Share links", level: 1 })).toBeVisible();
  await expect(member.getByTestId("share-link-row")).toHaveCount(2);
  const settingsRow = member.getByTestId("share-link-row").filter({ hasText: "Board meeting" });
  await expect(settingsRow.getByTestId("share-link-dashboard")).toHaveText("Revenue board");
  await expect(settingsRow.getByTestId("share-link-dashboard")).toHaveAttribute("href", dashboardUrl);
  member.once("dialog", (d) => void d.accept());
  await settingsRow.getByTestId("share-revoke").click();
  await expect(settingsRow.getByTestId("share-link-status")).toHaveText("revoked");
  await expect(settingsRow.getByTestId("share-revoke")).toHaveCount(0);
  await member.reload();
  await expect(settingsRow.getByTestId("share-link-status")).toHaveText("revoked");
  await expect(member.getByTestId("share-link-row").filter({ hasText: "onerror" }).getByTestId("share-link-status")).toHaveText("revoked");

  await visitor.reload();
  await expect(visitor.getByTestId("share-not-found")).toBeVisible();
  await visitor.close();
  await context.close();
});

test("a viewer gets no Share button and no share links in settings", async ({ page, browser }) => {
  const { projectId, member, context, dashboardUrl } = await setUp(page, browser, "viewer");
  // The owner does have the button, so its absence for the viewer is the role's doing.
  await page.goto(dashboardUrl);
  await expect(page.getByTestId("share-dashboard")).toBeVisible();

  await member.goto(dashboardUrl);
  await expect(member.getByTestId("dashboard").filter({ visible: true })).toBeVisible();
  await expect(member.getByTestId("share-dashboard")).toHaveCount(0);
  await member.goto(`/projects/${projectId}/settings`);
  await expect(member.getByRole("heading", { name: "Settings" })).toBeVisible();
  await expect(member.getByTestId("share-links-settings-link")).toHaveCount(0);
  await member.goto(`/projects/${projectId}/settings/share-links`);
  await expect(member.getByTestId("share-links-not-allowed")).toBeVisible();
  await expect(member.getByTestId("share-link-row")).toHaveCount(0);
  await context.close();
});
