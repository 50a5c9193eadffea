import { expect, test, type Page } from "@playwright/test";
import { createProject, newAccount, signIn, signOut, signUp, type Account } from "./support/accounts";
import { SettingsPage } from "./support/settings-page";
import { shot } from "./support/screenshots";

/** Signs up through the form; an invited person lands on home, which lists the invitations. */
async function signUpInvited(page: Page, account: Account, name: string): Promise<void> {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Invitations" })).toBeVisible();
}

test("an owner invites an email, the person signs up, accepts on home and lands in the project; inviting a member again answers the same", async ({ browser }) => {
  const owner = await browser.newPage();
  const invitee = await browser.newPage();
  await signUp(owner, newAccount("inviter"));
  const projectId = await createProject(owner, "Team project");
  const settings = new SettingsPage(owner, projectId);
  await settings.open();

  // Nobody has this email yet: the owner sees it as invited, with its role.
  const account = newAccount("invitee");
  await settings.invite(account.email.toUpperCase(), "editor");
  await expect(settings.invitationRow(account.email)).toContainText("invited");
  await expect(settings.invitationRow(account.email)).toContainText("editor");
  await expect(settings.memberRow(account.email)).toHaveCount(0);

  await signUpInvited(invitee, account, "Ivy Invitee");
  const invitation = invitee.getByTestId("invitation");
  await expect(invitation).toHaveCount(1);
  await expect(invitation).toContainText("Team project");
  await expect(invitation).toContainText("editor");
  await invitee.setViewportSize({ width: 1200, height: 800 });
  await invitee.screenshot({ path: shot("home-invitations.png") });
  await invitee.getByRole("button", { name: "Accept the invitation to Team project" }).click();
  await expect(invitee).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await expect(invitee.getByTestId("user-email")).toHaveText(`${account.email} · editor`);

  await owner.reload();
  await expect(settings.memberRow(account.email)).toContainText("Ivy Invitee");
  await expect(owner.getByLabel(`Role of ${account.email}`)).toHaveValue("editor");
  await expect(settings.invitationRow(account.email)).toHaveCount(0);

  // Again, now that they are a member: the very same answer, and still one membership, no invitation.
  await settings.invite(account.email, "viewer");
  await owner.reload();
  await expect(settings.memberRow(account.email)).toHaveCount(1);
  await expect(owner.getByLabel(`Role of ${account.email}`)).toHaveValue("editor");
  await expect(settings.invitationRow(account.email)).toHaveCount(0);
  await invitee.goto("/");
  await expect(invitee).toHaveURL(new RegExp(`/projects/${projectId}$`));
  await owner.close();
  await invitee.close();
});

test("an existing user signs in, sees the invitation beside an unknown email's identical one, declines it; the owner revokes the other", async ({ browser }) => {
  const owner = await browser.newPage();
  const person = await browser.newPage();
  const existing = newAccount("existing");
  await signUp(person, existing);
  await signOut(person);

  await signUp(owner, newAccount("owner"));
  const projectId = await createProject(owner, "Private project");
  const settings = new SettingsPage(owner, projectId);
  await settings.open();
  const unknown = newAccount("unknown").email;
  await settings.invite(existing.email, "viewer");
  const answerForExisting = await owner.getByTestId("invite-result").textContent();
  await settings.invite(unknown, "viewer");
  const answerForUnknown = await owner.getByTestId("invite-result").textContent();
  expect(answerForExisting!.replace(existing.email, "EMAIL")).toBe(answerForUnknown!.replace(unknown, "EMAIL"));
  const rowText = async (email: string) => (await settings.invitationRow(email).innerText()).replace(email, "EMAIL");
  expect(await rowText(existing.email)).toBe(await rowText(unknown));

  // Signing in goes home, which lists the invitation; declining leaves them where they were.
  await signIn(person, existing);
  await expect(person.getByRole("heading", { name: "Invitations" })).toBeVisible();
  await expect(person.getByTestId("invitation")).toContainText("Private project");
  await person.getByRole("button", { name: "Decline the invitation to Private project" }).click();
  await expect(person).toHaveURL(/\/projects\/new$/);
  expect((await person.goto(`/projects/${projectId}`))?.status()).toBe(404);

  await owner.reload();
  await expect(settings.invitationRow(existing.email)).toHaveCount(0);
  await expect(settings.memberRow(existing.email)).toHaveCount(0);
  await owner.getByRole("button", { name: `Revoke the invitation of ${unknown}` }).click();
  await expect(settings.invitationRow(unknown)).toHaveCount(0);
  await owner.reload();
  await expect(settings.invitationRow(unknown)).toHaveCount(0);
  await owner.close();
  await person.close();
});
