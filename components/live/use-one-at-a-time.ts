"use client";

import { useRef } from "react";

/**
 * Turns `work` into a trigger that runs it one call at a time: a trigger pulled while it runs is
 * remembered and runs it once more afterwards, so the last trigger always lands and a stream of
 * triggers never piles up requests.
 */
export function useOneAtATime(work: () => Promise<unknown>): () => void {
  const running = useRef(false);
  const pending = useRef(false);
  return () => {
    if (running.current) {
      pending.current = true;
      return;
    }
    running.current = true;
    void (async () => {
      try {
        do {
          pending.current = false;
          await work().catch(() => {});
        } while (pending.current);
      } finally {
        running.current = false;
      }
    })();
  };
}
