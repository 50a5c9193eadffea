"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export function NavLinks({ links }: { links: { href: string; label: string; exact?: boolean; count?: { value: string; title: string } | null }[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Project">
      {links.map((l) => {
        const active = l.exact ? pathname === l.href : pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <Link key={l.href} href={l.href} aria-current={active ? "page" : undefined}>
            {l.label}
            {l.count && " "}
            {l.count && <span className="nav-count" title={l.count.title} data-testid="nav-count">{l.count.value}</span>}
          </Link>
        );
      })}
    </nav>
  );
}
