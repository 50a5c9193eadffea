"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { sessionCaller as caller } from "@/lib/projects/access";
import { createDashboard, deleteDashboard, duplicateDashboard, updateDashboard } from "@/lib/dashboards/dashboards";
import { formObject, runAction, type ActionResult } from "@/lib/actions/action-result";

const listPath = (projectId: string) => `/projects/${projectId}/dashboards`;

export async function createDashboardAction(projectId: string, _prev: ActionResult<unknown> | undefined, form: FormData) {
  const result = await runAction(async () => createDashboard({ ctx: await caller(projectId), input: formObject(form) }));
  if (result.ok) redirect(`${listPath(projectId)}/${result.data.id}`);
  return result;
}

export async function renameDashboardAction(projectId: string, dashboardId: string, _prev: ActionResult<unknown> | undefined, form: FormData) {
  const result = await runAction(async () => updateDashboard({ ctx: await caller(projectId), dashboardId, input: { name: String(form.get("name") ?? "") } }));
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function duplicateDashboardAction(projectId: string, dashboardId: string, _prev: ActionResult<unknown> | undefined) {
  const result = await runAction(async () => duplicateDashboard({ ctx: await caller(projectId), dashboardId }));
  if (result.ok) revalidatePath(listPath(projectId));
  return result;
}

export async function deleteDashboardAction(projectId: string, dashboardId: string, _prev: ActionResult<unknown> | undefined) {
  const result = await runAction(async () => deleteDashboard({ ctx: await caller(projectId), dashboardId }));
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function setDefaultDashboardAction(projectId: string, dashboardId: string, _prev: ActionResult<unknown> | undefined) {
  const result = await runAction(async () => updateDashboard({ ctx: await caller(projectId), dashboardId, input: { isDefault: true } }));
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}
