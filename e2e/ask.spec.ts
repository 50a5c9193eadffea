import { expect, test, type Browser, type Page } from "@playwright/test";
import { createProject, newAccount, signUp } from "./support/accounts";
import { startFluxWithAssistant, type FluxWithAssistant } from "./support/flux-with-assistant";
import { shot } from "./support/screenshots";
import { insertPoints } from "../tests/query-data";
import { sql } from "../lib/db/client";

// The Ask box in Chromium: a Flux of its own whose Messages API is the local fake, so the
// scripted model asks for real tools over seeded data and streams its answer slowly enough
// to be seen arriving.
let setup: FluxWithAssistant;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  setup = await startFluxWithAssistant("e2e-ask", { FLUX_ASK_MODEL: "claude-e2e" });
});

test.afterAll(async () => {
  await setup?.stop();
});

async function projectWithSignups(browser: Browser, label: string): Promise<{ page: Page; projectId: string }> {
  const context = await browser.newContext({ baseURL: setup.url, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signUp(page, newAccount(label));
  const projectId = await createProject(page, `Ask ${label}`);
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  await insertPoints({ projectId, name: "signups", type: "counter", points: [{ time: hoursAgo(30), value: 17 }, { time: hoursAgo(2), value: 25 }] });
  return { page, projectId };
}

async function openAsk(page: Page) {
  await page.getByTestId("ask-open").click();
  await expect(page.getByTestId("ask-box")).toBeVisible();
  await expect(page.getByTestId("ask-input")).toBeFocused();
}

test("the streamed answer appears with its tool calls, their queries and links to the charts", async ({ browser }) => {
  const { page, projectId } = await projectWithSignups(browser, "ask-answer");
  setup.messages.script([
    { content: [{ type: "text", text: "Checking signups for the last 7 days." }, { type: "tool_use", name: "query_metric", input: { name: "signups", aggregation: "sum", range: "7d" } }], delayMs: 20 },
    { content: [{ type: "text", text: "Signups total 42 over the last 7 days (UTC), from query_metric: 17 on the first day and 25 since." }], delayMs: 80 },
  ]);
  await openAsk(page);
  await expect(page.getByTestId("ask-limits")).toContainText("claude-e2e");
  await page.getByTestId("ask-input").fill("How many signups this week?");
  await page.keyboard.press("Enter");

  const exchange = page.getByTestId("ask-exchange");
  // The first words are on screen while the rest is still streaming.
  await expect(exchange.getByTestId("ask-answer")).toContainText("Checking signups");
  await expect(exchange).toHaveAttribute("data-streaming", "true");
  await expect(exchange.getByTestId("ask-answer")).toContainText("Signups total 42 over the last 7 days (UTC)");
  await expect(exchange).toHaveAttribute("data-streaming", "false");
  await expect(exchange.getByTestId("ask-answer").locator("p.ask-paragraph")).toHaveCount(2);
  // In the order they came: the first words, the tool call, then the answer.
  await expect(exchange.locator(".ask-paragraph, [data-testid=ask-tool-call]")).toHaveText([/^Checking signups/, /query_metric/, /^Signups total 42/]);

  const call = exchange.getByTestId("ask-tool-call");
  await expect(call).toHaveCount(1);
  await expect(call).toHaveAttribute("data-state", "ok");
  await expect(call).toContainText("query_metric");
  await expect(call.getByTestId("ask-tool-query")).toContainText('"name":"signups"');
  await expect(call.getByTestId("ask-tool-query")).toContainText('"aggregation":"sum"');
  const link = call.getByTestId("ask-tool-link");
  await expect(link).toHaveAttribute("href", new RegExp(`^/projects/${projectId}/explore\\?q=[A-Za-z0-9_-]+$`));
  await expect(exchange.getByTestId("ask-usage")).toContainText("1 tool call");
  await page.screenshot({ path: shot("ask-box.png") });

  // The request the model saw carried the real tool result under its id.
  const second = setup.messages.requests.at(-1)!.body.messages;
  expect(JSON.stringify(second.at(-1))).toContain("42");

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/explore\\?q=`));

  // Keyboard: Escape closes the panel and gives focus back to the Ask button.
  await page.getByTestId("ask-input").focus();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("ask-box")).toHaveCount(0);
  await expect(page.getByTestId("ask-open")).toBeFocused();
});

test("a change the assistant proposes runs only after the person confirms it", async ({ browser }) => {
  const { page, projectId } = await projectWithSignups(browser, "ask-confirm");
  const count = async () => (await sql()<{ n: number }[]>`SELECT count(*)::int AS n FROM events WHERE project_id = ${projectId} AND name = 'launch_marked'`)[0].n;
  setup.messages.script([
    { content: [{ type: "text", text: "I can record that." }, { type: "tool_use", name: "track_event", input: { name: "launch_marked", properties: { via: "ask" } } }] },
    { content: [{ type: "text", text: "Recorded the launch_marked event." }] },
  ]);
  await openAsk(page);
  await page.getByTestId("ask-input").fill("Mark the launch");
  await page.getByTestId("ask-submit").click();
  const confirm = page.getByTestId("ask-confirm");
  await expect(confirm).toBeVisible();
  await expect(page.getByTestId("ask-confirm-box")).toContainText("track_event");
  await expect(page.getByTestId("ask-decline")).toBeVisible();
  expect(await count()).toBe(0);

  await confirm.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("ask-answer")).toContainText("Recorded the launch_marked event.");
  await expect(page.getByTestId("ask-tool-call")).toHaveAttribute("data-tool", "track_event");
  await expect(page.getByTestId("ask-confirm-box")).toHaveAttribute("data-answer", "approved");
  expect(await count()).toBe(1);
});

test("without an assistant configured the box says how to connect one over MCP", async ({ page }) => {
  await signUp(page, newAccount("ask-mcp"));
  await createProject(page, "Ask without key");
  await page.getByTestId("ask-open").click();
  const notice = page.getByTestId("ask-not-configured");
  await expect(notice).toBeVisible();
  await expect(page.getByTestId("ask-mcp-command")).toContainText(/claude mcp add --transport http flux \S+\/api\/mcp --header "Authorization: Bearer <project API key>"/);
  await expect(page.getByTestId("ask-input")).toBeDisabled();
});
