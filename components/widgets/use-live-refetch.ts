"use client";

import { useRef } from "react";
import { changeTouches, type LiveInterest } from "@/lib/live/change-message";
import { useLiveEvents } from "@/components/live/live-provider";

/**
 * Refetches a widget when a live change can alter it, one fetch at a time: a change that
 * arrives during a fetch is remembered and fetched after it, so the last change always shows
 * and a stream of changes never piles up requests. Each round starts a fresh request (a fetch
 * already running may have begun before the change was committed).
 */
export function useLiveRefetch(refetch: (options: { cancelRefetch: boolean }) => Promise<unknown>, interest: () => LiveInterest): void {
  const running = useRef(false);
  const pending = useRef(false);
  useLiveEvents((event) => {
    if (event.kind === "change" && !changeTouches(event.change, interest())) return;
    if (running.current) {
      pending.current = true;
      return;
    }
    running.current = true;
    void (async () => {
      try {
        do {
          pending.current = false;
          await refetch({ cancelRefetch: true });
        } while (pending.current);
      } finally {
        running.current = false;
      }
    })();
  });
}
