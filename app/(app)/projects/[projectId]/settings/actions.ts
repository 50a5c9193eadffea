"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { sessionCaller as caller } from "@/lib/projects/access";
import { deleteProject, renameProject } from "@/lib/projects/projects";
import { changeRole, removeMember } from "@/lib/projects/members";
import { inviteMember, revokeInvitation } from "@/lib/projects/invitations";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/api-keys";
import { formObject, runAction, type ActionResult } from "@/lib/actions/action-result";

const settingsPath = (projectId: string) => `/projects/${projectId}/settings`;

export async function renameProjectAction(projectId: string, _prev: ActionResult<unknown> | undefined, form: FormData) {
  const result = await runAction(async () => renameProject({ ctx: await caller(projectId), input: formObject(form) }));
  if (result.ok) revalidatePath(`/projects/${projectId}`, "layout");
  return result;
}

export async function deleteProjectAction(projectId: string, _prev: ActionResult<unknown> | undefined, form: FormData) {
  const result = await runAction(async () => deleteProject({ ctx: await caller(projectId), input: formObject(form) }));
  if (result.ok) redirect("/");
  return result;
}

export async function inviteMemberAction(projectId: string, _prev: ActionResult<{ message: string }> | undefined, form: FormData) {
  const result = await runAction(async () => {
    const { message } = await inviteMember({ ctx: await caller(projectId), input: formObject(form) });
    return { message };
  });
  if (result.ok) revalidatePath(settingsPath(projectId));
  return result;
}

export async function revokeInvitationAction(projectId: string, _prev: ActionResult<unknown> | undefined, form: FormData) {
  const result = await runAction(async () => revokeInvitation({ ctx: await caller(projectId), input: formObject(form) }));
  if (result.ok) revalidatePath(settingsPath(projectId));
  return result;
}

export async function changeRoleAction(projectId: string, _prev: ActionResult<unknown> | undefined, form: FormData) {
  const result = await runAction(async () => changeRole({ ctx: await caller(projectId), input: formObject(form) }));
  if (result.ok) revalidatePath(settingsPath(projectId));
  return result;
}

export async function removeMemberAction(projectId: string, _prev: ActionResult<unknown> | undefined, form: FormData) {
  const result = await runAction(async () => removeMember({ ctx: await caller(projectId), userId: String(form.get("userId")) }));
  if (result.ok) revalidatePath(settingsPath(projectId));
  return result;
}

export async function createApiKeyAction(projectId: string, _prev: ActionResult<{ key: string }> | undefined, form: FormData) {
  const result = await runAction(async () => {
    const input = { name: String(form.get("name") ?? ""), scopes: form.getAll("scopes").map(String) };
    const { key } = await createApiKey({ ctx: await caller(projectId), input });
    return { key };
  });
  if (result.ok) revalidatePath(settingsPath(projectId));
  return result;
}

export async function revokeApiKeyAction(projectId: string, _prev: ActionResult<unknown> | undefined, form: FormData) {
  const result = await runAction(async () => revokeApiKey({ ctx: await caller(projectId), keyId: String(form.get("keyId")) }));
  if (result.ok) revalidatePath(settingsPath(projectId));
  return result;
}
