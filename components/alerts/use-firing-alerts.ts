"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { useLiveAlerts, useLiveStatus } from "@/components/live/live-provider";
import { useOneAtATime } from "@/components/live/use-one-at-a-time";

/** One rule and group firing now, as GET /api/v1/alerts/firing answers it. */
export const FiringAlert = z.object({
  ruleId: z.string(),
  name: z.string(),
  severity: z.string(),
  groupKey: z.string(),
  group: z.record(z.string(), z.string()).catch({}),
  since: z.string(),
  message: z.string().nullable().optional(),
  /** Still firing, but its notifications are held back until the rule's mute ends. */
  muted: z.boolean().optional(),
});
export type FiringAlert = z.infer<typeof FiringAlert>;

const FiringAnswer = z.object({ alerts: z.array(FiringAlert) });

export const firingAlertsKey = (projectId: string) => ["alerts-firing", projectId] as const;

async function fetchFiring(projectId: string): Promise<FiringAlert[]> {
  const res = await fetch(`/api/v1/alerts/firing?project=${encodeURIComponent(projectId)}`, { cache: "no-store" });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return FiringAnswer.parse(body).alerts;
}

/**
 * The project's firing alerts, shared by everything on the page through React Query (the
 * header and the dashboard banner make one request). With `follow`, refetched whenever the
 * live connection says they changed (or may have, after a reconnect), one request at a time;
 * while the connection is not live, every minute instead.
 */
export function useFiringAlerts(projectId: string, { follow = false }: { follow?: boolean } = {}) {
  const status = useLiveStatus();
  const client = useQueryClient();
  const query = useQuery({
    queryKey: firingAlertsKey(projectId),
    queryFn: () => fetchFiring(projectId),
    staleTime: 30_000,
    refetchInterval: follow && status !== "live" ? 60_000 : false,
  });
  // A fresh request each round: one already running may have begun before the change committed.
  const refetchSerially = useOneAtATime(() => client.refetchQueries({ queryKey: firingAlertsKey(projectId), exact: true }, { cancelRefetch: true }));
  useLiveAlerts(() => {
    if (follow) refetchSerially();
  });
  return query;
}
