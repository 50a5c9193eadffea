import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { listProjectsForUser } from "@/lib/projects/projects";

// Home: the first project the user belongs to, or the page to create one.
export default async function HomePage() {
  const user = await requireUser();
  const [first] = await listProjectsForUser({ userId: user.id });
  redirect(first ? `/projects/${first.id}` : "/projects/new");
}
