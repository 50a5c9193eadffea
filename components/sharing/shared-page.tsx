import type { ReactNode } from "react";

/**
 * The frame of a shared dashboard: its name and a quiet "Flux" mark, or nothing at all in embed
 * mode (the page in another site's iframe shows the widgets on a transparent background).
 */
export function SharedPage({ name, embed, children }: { name: string; embed: boolean; children: ReactNode }) {
  if (embed) return <main className="shared-page embed">{children}</main>;
  return (
    <main className="shared-page">
      <header className="shared-header row" data-testid="shared-header">
        <h1 className="shared-title">{name}</h1>
        <div className="spacer" />
        <span className="small muted">Shared read-only with Flux</span>
      </header>
      {children}
    </main>
  );
}
