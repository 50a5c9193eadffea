import { redirect } from "next/navigation";
import { sessionUser } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  if (await sessionUser()) redirect("/");
  return <main className="auth-shell">{children}</main>;
}
