import type { Caller } from "@/lib/auth/caller";
import { getProject } from "./projects";

export async function describeCaller({ ctx }: { ctx: Caller }) {
  const project = await getProject({ ctx });
  return {
    project: { id: project.id, name: project.name, createdAt: project.createdAt },
    ...(ctx.kind === "key" ? { key: { id: ctx.keyId, scopes: ctx.scopes } } : ctx.kind === "user" ? { role: ctx.role } : ctx.kind === "system" ? { job: ctx.job } : {}),
  };
}
