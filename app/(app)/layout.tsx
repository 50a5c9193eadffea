import { requireUser } from "@/lib/auth/session";
import { QueryProvider } from "@/components/providers/query-provider";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  await requireUser();
  return <QueryProvider>{children}</QueryProvider>;
}
