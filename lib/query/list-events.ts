import { z } from "zod";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { invalid } from "@/lib/errors";
import { eventSource } from "./event-sql";
import { filterConditions } from "./filters";
import { Filter } from "./model";
import { SqlParams } from "./sql-params";
import { withQueryTransaction } from "./run-query";
import { parseInput } from "@/lib/validation";
import { parseInstant } from "@/lib/time/instant";
import { StorableString } from "@/lib/validation/text";

const FiltersParam = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}, z.array(Filter).max(20));

// Query strings send empty parameters as ""; those mean "not given".
const blankIsAbsent = (v: unknown) => (v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== "")) : v);

export const ListEventsInput = z.preprocess(
  blankIsAbsent,
  z.object({
    name: StorableString().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
    filters: FiltersParam.optional(),
  }),
);

export interface RawEvent {
  time: string;
  name: string;
  eventId: string | null;
  userId: string | null;
  sessionId: string | null;
  value: number | null;
  properties: Record<string, unknown>;
  tags: Record<string, string>;
  environment: string | null;
  service: string | null;
  receivedAt: string;
}

// The cursor is the last row's exact time (microseconds) and physical row id: events have
// no required unique id, and rows at one instant share a partition, so the pair is a key.
// It comes back from the client, so each part is checked as PostgreSQL will read it.
const TID = /^\((\d{1,10}),(\d{1,5})\)$/;
const Cursor = z.object({
  t: z.string().max(40).refine((t) => {
    const parsed = parseInstant(t);
    return typeof parsed !== "string" && parsed.hasOffset;
  }),
  r: z.string().refine((r) => {
    const m = TID.exec(r);
    return m !== null && Number(m[1]) <= 0xffff_ffff && Number(m[2]) <= 0xffff;
  }),
});
const encode = (c: z.infer<typeof Cursor>) => Buffer.from(JSON.stringify(c)).toString("base64url");
function decode(cursor: string) {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    json = undefined;
  }
  const parsed = Cursor.safeParse(json);
  if (!parsed.success) throw invalid("Invalid cursor", [{ field: "cursor", message: "Pass back the nextCursor of a previous page" }]);
  return parsed.data;
}

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Recent raw events, newest first, optionally of one name and filtered, in pages. */
export async function listEvents({ ctx, input }: { ctx: Caller; input: unknown }): Promise<{ events: RawEvent[]; nextCursor: string | null }> {
  requirePermission(ctx, "read");
  const { name, limit, cursor, filters } = parseInput(ListEventsInput, input, "Invalid request");
  const p = new SqlParams();
  const source = eventSource(ctx.projectId, name ?? null)(p);
  const where = [...source.where];
  if (cursor) {
    const c = decode(cursor);
    where.push(`(e.time, e.ctid) < (${p.text(c.t)}::timestamptz, ${p.text(c.r)}::tid)`);
  }
  where.push(...filterConditions(filters ?? [], source.field, p));
  // On the query pool, with its slot, timeout and read-only transaction like every other read of raw data.
  type Row = RawEvent & { cursorTime: string; cursorRow: string };
  const rows = await withQueryTransaction((exec) => exec<Row>({
    text: `SELECT ${ISO("e.time")} AS time, e.time::text AS "cursorTime", e.ctid::text AS "cursorRow", e.name, e.event_id AS "eventId",
            e.user_id AS "userId", e.session_id AS "sessionId", e.value, e.properties, e.tags, e.environment, e.service,
            ${ISO("e.received_at")} AS "receivedAt"
     FROM events e WHERE ${where.join(" AND ")} ORDER BY e.time DESC, e.ctid DESC LIMIT ${limit + 1}`,
    values: p.values,
  }), { projectId: ctx.projectId });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const events = page.map(({ cursorTime: _t, cursorRow: _r, ...e }) => e as unknown as RawEvent);
  return { events, nextCursor: rows.length > limit && last ? encode({ t: last.cursorTime, r: last.cursorRow }) : null };
}
