"use server";

import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { createProject } from "@/lib/projects/projects";
import { formObject, runAction, type ActionResult } from "@/lib/actions/action-result";

export async function createProjectAction(_prev: ActionResult<{ id: string }> | undefined, form: FormData) {
  const user = await requireUser();
  const result = await runAction(() => createProject({ userId: user.id, input: formObject(form) }));
  if (result.ok) redirect(`/projects/${result.data.id}`);
  return result;
}
