import type { Metadata } from "next";
import { QueryProvider } from "@/components/providers/query-provider";

// Shared pages are for the people a link was given to, not for search engines.
export const metadata: Metadata = { robots: { index: false, follow: false }, referrer: "no-referrer" };

export default function ShareLayout({ children }: { children: React.ReactNode }) {
  return <QueryProvider>{children}</QueryProvider>;
}
