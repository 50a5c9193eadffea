import { TEST_CRON_SECRET } from "../scripts/lib/test-stack";
import { baseUrl as testAppUrl } from "./fixtures";

/**
 * Runs a scheduled job through the app's cron route, as an outside cron service would:
 * `POST /api/cron/<name>` with the test app's CRON_SECRET (`due`: every due job). `secret: null`
 * sends no Authorization header.
 */
export async function runJob(
  name: string,
  options: { baseUrl?: string; method?: "GET" | "POST"; secret?: string | null } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the run, the envelope or a list from it
): Promise<{ status: number; body: any }> {
  const secret = options.secret === undefined ? TEST_CRON_SECRET : options.secret;
  const res = await fetch(`${options.baseUrl ?? testAppUrl()}/api/cron/${encodeURIComponent(name)}`, {
    method: options.method ?? "POST",
    headers: secret === null ? {} : { authorization: `Bearer ${secret}` },
  });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}
