"use server";

import { revalidatePath } from "next/cache";
import { sessionCaller as caller } from "@/lib/projects/access";
import { updateStorageSettings } from "@/lib/storage/storage-settings";
import { runAction, type ActionResult } from "@/lib/actions/action-result";

type View = Awaited<ReturnType<typeof updateStorageSettings>>;

export async function updateStorageSettingsAction(projectId: string, _prev: ActionResult<View> | undefined, form: FormData) {
  const field = (name: string) => (typeof form.get(name) === "string" ? (form.get(name) as string) : undefined);
  const input = {
    rawDays: field("rawDays"),
    rollup1mDays: field("rollup1mDays"),
    rollup1hDays: field("rollup1hDays"),
    // The "Forever" box keeps daily rollups for good; a disabled field is not sent.
    rollup1dDays: form.get("rollup1dForever") ? null : field("rollup1dDays"),
    compressAfterDays: field("compressAfterDays"),
  };
  const result = await runAction(async () => updateStorageSettings({ ctx: await caller(projectId), input }));
  if (result.ok) revalidatePath(`/projects/${projectId}/settings/storage`);
  return result;
}
