"use client";

import { useRouter } from "next/navigation";
import { useRef } from "react";
import { useLiveAlerts } from "@/components/live/live-provider";

/**
 * Re-renders the alert settings from the server when the project's alerts change (states,
 * history), at most once a second, so the page follows evaluation without a reload.
 */
export function AlertsLiveRefresh() {
  const router = useRouter();
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLiveAlerts(() => {
    if (timer.current) return;
    const wait = Math.max(0, last.current + 1_000 - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      last.current = Date.now();
      router.refresh();
    }, wait);
  });
  return null;
}
