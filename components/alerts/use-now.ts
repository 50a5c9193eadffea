"use client";

import { useEffect, useState } from "react";

/** The current time, renewed every `everyMs`, for "firing for 4 min" that stays true while a page is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
