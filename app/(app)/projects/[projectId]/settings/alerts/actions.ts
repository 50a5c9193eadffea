"use server";

import { revalidatePath } from "next/cache";
import { sessionCaller as caller } from "@/lib/projects/access";
import { runAction } from "@/lib/actions/action-result";
import {
  createAlertChannel,
  createAlertRule,
  deleteAlertChannel,
  deleteAlertRule,
  listAlertHistory,
  sendTestMessage,
  updateAlertChannel,
  updateAlertRule,
} from "@/lib/alerts/alerts";

// Settings → Alerts. Each action re-resolves the caller (a role may have changed since the
// page was rendered) and hands the form's object to the domain function, which validates it;
// field errors come back in ActionResult.fields, keyed by the input's path ("condition.value").

const page = (projectId: string) => `/projects/${projectId}/settings/alerts`;

async function changed<T>(projectId: string, fn: () => Promise<T>) {
  const result = await runAction(fn);
  if (result.ok) revalidatePath(page(projectId));
  return result;
}

export async function createChannelAction(projectId: string, input: unknown) {
  return changed(projectId, async () => createAlertChannel({ ctx: await caller(projectId), input }));
}

export async function updateChannelAction(projectId: string, id: string, input: unknown) {
  return changed(projectId, async () => updateAlertChannel({ ctx: await caller(projectId), id, input }));
}

export async function deleteChannelAction(projectId: string, id: string) {
  return changed(projectId, async () => deleteAlertChannel({ ctx: await caller(projectId), id }));
}

export async function sendTestAction(projectId: string, id: string) {
  return runAction(async () => sendTestMessage({ ctx: await caller(projectId), id }));
}

export async function createRuleAction(projectId: string, input: unknown) {
  return changed(projectId, async () => createAlertRule({ ctx: await caller(projectId), input }));
}

export async function updateRuleAction(projectId: string, id: string, input: unknown) {
  return changed(projectId, async () => updateAlertRule({ ctx: await caller(projectId), id, input }));
}

export async function deleteRuleAction(projectId: string, id: string) {
  return changed(projectId, async () => deleteAlertRule({ ctx: await caller(projectId), id }));
}

export async function loadHistoryAction(projectId: string, input: { ruleId?: string; cursor?: string }) {
  return runAction(async () => listAlertHistory({ ctx: await caller(projectId), input }));
}
