"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useSyncExternalStore } from "react";
import { knownTimeZone, normalizeView, readViewParams, viewDefaults, viewSearch, VIEWER_ZONE_COOKIE, type SavedView, type ViewState } from "@/lib/dashboards/view-state";

const noSubscription = () => () => {};
const browserZone = () => knownTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone);
const YEAR_SECONDS = 365 * 86_400;

/**
 * The viewer's own zone. The server knows it only from the cookie this hook writes, so
 * hydration starts from what the server used and switches to the browser's zone after.
 */
export function useViewerZone(serverZone: string | null): string | null {
  const zone = useSyncExternalStore(noSubscription, browserZone, () => serverZone);
  useEffect(() => {
    if (!zone) return;
    const stored = document.cookie.split("; ").find((c) => c.startsWith(`${VIEWER_ZONE_COOKIE}=`))?.slice(VIEWER_ZONE_COOKIE.length + 1);
    if (stored === zone) return;
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${VIEWER_ZONE_COOKIE}=${zone}; path=/; max-age=${YEAR_SECONDS}; samesite=lax${secure}`;
  }, [zone]);
  return zone;
}

/**
 * A dashboard's view as its URL says: `show` pushes a history entry (back and forward step
 * through views), `settle` drops parameters that now equal the defaults. The native history
 * API keeps Next.js's router and useSearchParams in step without asking the server to render
 * the page again: the widgets fetch their own data for the new view.
 */
export function useDashboardView(saved: SavedView, serverZone: string | null) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const yours = useViewerZone(serverZone);
  const defaults = useMemo(() => viewDefaults(saved, yours ?? "UTC"), [saved, yours]);
  const view = useMemo(() => readViewParams(searchParams, defaults), [searchParams, defaults]);

  const urlOf = useCallback((next: ViewState) => {
    const search = viewSearch(next, defaults);
    return search ? `${pathname}?${search}` : pathname;
  }, [defaults, pathname]);

  const show = useCallback((change: Partial<ViewState>) => {
    const url = urlOf(normalizeView({ ...view, ...change }));
    if (url === `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  }, [urlOf, view]);

  const settle = useCallback((next: ViewState, nextDefaults: ViewState) => {
    const search = viewSearch(next, nextDefaults);
    window.history.replaceState(null, "", search ? `${pathname}?${search}` : pathname);
  }, [pathname]);

  return { view, defaults, yours, show, settle };
}
