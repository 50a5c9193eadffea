import { gzipSync } from "node:zlib";
import { sql } from "@/lib/db/client";
import { api } from "../fixtures";

/** POST a JSON (or raw) body to an ingest path and return status + parsed body. */
export async function post(path: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await api(path, { key, method: "POST", body, headers });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json as Record<string, unknown> & { accepted?: number; rejected?: { index: number; kind: string; field: string; message: string }[]; error?: { code: string; message: string; details?: unknown } }, headers: res.headers };
}

export const gzipJson = (value: unknown) => new Uint8Array(gzipSync(Buffer.from(typeof value === "string" ? value : JSON.stringify(value))));

export interface StoredPoint {
  name: string;
  type: string;
  tags: Record<string, string>;
  time: number;
  value: number | null;
  member: string | null;
}

/** Every metric point stored for a project, oldest first. */
export async function storedPoints(projectId: string): Promise<StoredPoint[]> {
  return sql()<StoredPoint[]>`
    SELECT m.name, m.type::text AS type, s.tags, (extract(epoch FROM p.time) * 1000)::float8 AS time, p.value, NULL AS member
    FROM points p JOIN series s ON s.id = p.series_id JOIN metrics m ON m.id = s.metric_id WHERE s.project_id = ${projectId}
    UNION ALL
    SELECT m.name, m.type::text, s.tags, (extract(epoch FROM p.time) * 1000)::float8, NULL, p.member
    FROM set_points p JOIN series s ON s.id = p.series_id JOIN metrics m ON m.id = s.metric_id WHERE s.project_id = ${projectId}
    ORDER BY time, name`;
}

export async function storedEvents(projectId: string) {
  return sql()<
    {
      name: string;
      time: number;
      event_id: string | null;
      user_id: string | null;
      session_id: string | null;
      value: number | null;
      properties: Record<string, unknown>;
      tags: Record<string, string>;
      environment: string | null;
      service: string | null;
    }[]
  >`SELECT name, (extract(epoch FROM time) * 1000)::float8 AS time, event_id, user_id, session_id, value, properties, tags, environment, service FROM events WHERE project_id = ${projectId} ORDER BY time, name`;
}

export async function counts(projectId: string): Promise<{ points: number; events: number }> {
  const [row] = await sql()<{ points: number; events: number }[]>`
    SELECT (SELECT count(*)::int FROM points p JOIN series s ON s.id = p.series_id WHERE s.project_id = ${projectId})
         + (SELECT count(*)::int FROM set_points p JOIN series s ON s.id = p.series_id WHERE s.project_id = ${projectId}) AS points,
           (SELECT count(*)::int FROM events WHERE project_id = ${projectId}) AS events`;
  return row;
}

/** A timestamp `agoMs` before now, as the Ruby SDK writes it (ISO 8601, milliseconds, Z). */
export const isoAgo = (agoMs = 0) => new Date(Date.now() - agoMs).toISOString();

/** What the BrainzLab Ruby SDK's Net::HTTP client sends besides the key. */
export const rubySdkHeaders = (version = "0.1.10") => ({ "user-agent": `brainzlab-sdk/${version}` });

