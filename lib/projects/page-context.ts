import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/lib/auth/session";
import { FluxError } from "@/lib/errors";
import { memberCaller } from "./access";
import { getProject, listProjectsForUser } from "./projects";

/**
 * Everything a project page needs, once per request: the user, their role as a caller,
 * the project and their other projects. Non-members get the 404 page.
 */
export const projectPageContext = cache(async (projectId: string) => {
  const user = await requireUser();
  try {
    const ctx = await memberCaller({ userId: user.id, projectId });
    const [project, projects] = await Promise.all([getProject({ ctx }), listProjectsForUser({ userId: user.id })]);
    return { user, ctx, project, projects };
  } catch (error) {
    if (error instanceof FluxError && error.code === "not_found") notFound();
    throw error;
  }
});
