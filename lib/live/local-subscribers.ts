import type { LiveChange } from "./change-message";

/** What an open live connection on this instance hears; `alerts`: the project's firing alerts changed. */
export type LiveEvent = { kind: "change"; change: LiveChange } | { kind: "alerts" } | { kind: "resync" };
export type LiveSubscriber = (event: LiveEvent) => void;

// On globalThis: the SSE route and the LISTEN connection may live in different route bundles.
const holder = globalThis as unknown as { __fluxLiveSubscribers?: Map<string, Set<LiveSubscriber>> };
const byProject = (holder.__fluxLiveSubscribers ??= new Map());

/** Adds a subscriber to one project's changes on this instance; returns the unsubscribe function. */
export function addLocalSubscriber(projectId: string, subscriber: LiveSubscriber): () => void {
  let set = byProject.get(projectId);
  if (!set) byProject.set(projectId, (set = new Set()));
  set.add(subscriber);
  return () => {
    set.delete(subscriber);
    if (set.size === 0 && byProject.get(projectId) === set) byProject.delete(projectId);
  };
}

export function deliverToProject(projectId: string, event: LiveEvent): void {
  const set = byProject.get(projectId);
  if (!set) return;
  for (const subscriber of set) deliver(subscriber, event);
}

export function deliverToAll(event: LiveEvent): void {
  for (const set of byProject.values()) for (const subscriber of set) deliver(subscriber, event);
}

export function localSubscriberCount(): number {
  let n = 0;
  for (const set of byProject.values()) n += set.size;
  return n;
}

function deliver(subscriber: LiveSubscriber, event: LiveEvent): void {
  try {
    subscriber(event);
  } catch (error) {
    console.error("[flux] a live subscriber failed:", error);
  }
}
