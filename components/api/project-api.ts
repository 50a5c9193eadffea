"use client";

// The browser's calls to the public API for one project: same-origin JSON with the session
// cookie and ?project= (lib/http/route.ts). Errors keep the status and the field details, so
// forms can show each message beside its field.

export class ApiFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export async function projectApi<T>(projectId: string, path: string, init: RequestInit = {}): Promise<T> {
  const url = `${path}${path.includes("?") ? "&" : "?"}project=${encodeURIComponent(projectId)}`;
  const res = await fetch(url, { ...init, headers: init.body ? { "content-type": "application/json" } : undefined });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiFailed(data?.error?.message ?? `HTTP ${res.status}`, res.status, Array.isArray(data?.error?.details) ? data.error.details : []);
  return data as T;
}
