"use client";

import { changeTouches, type LiveInterest } from "@/lib/live/change-message";
import { useLiveEvents } from "@/components/live/live-provider";
import { useOneAtATime } from "@/components/live/use-one-at-a-time";

/**
 * Refetches a widget when a live change can alter it, one fetch at a time: a change that
 * arrives during a fetch is remembered and fetched after it, so the last change always shows
 * and a stream of changes never piles up requests. Each round starts a fresh request (a fetch
 * already running may have begun before the change was committed).
 */
export function useLiveRefetch(refetch: (options: { cancelRefetch: boolean }) => Promise<unknown>, interest: () => LiveInterest): void {
  const refetchSerially = useOneAtATime(() => refetch({ cancelRefetch: true }));
  useLiveEvents((event) => {
    if (event.kind === "change" && !changeTouches(event.change, interest())) return;
    refetchSerially();
  });
}
