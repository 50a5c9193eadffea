import { z } from "zod";
import { requirePermission, type Caller } from "@/lib/auth/caller";
import { invalid } from "@/lib/errors";
import { eventSource } from "./event-sql";
import { filterConditions } from "./filters";
import { Filter } from "./model";
import { SqlParams } from "./sql-params";
import { withQueryTransaction } from "./run-query";
import type { Exec } from "./aggregate-sql";
import { rawRelation } from "@/lib/storage/raw-relation";
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

// Rows at one instant are put in order by their content, so a page ends at (time, how many
// rows at that time it showed): a key that holds wherever a row is stored – a raw partition,
// a packed row, a compressed chunk, none of which has a stable row address. It comes back
// from the client, so each part is checked as PostgreSQL will read it.
const TIE = "e.name, e.event_id, e.user_id, e.session_id, e.value, e.environment, e.service, e.received_at, e.properties, e.tags";
const Cursor = z.object({
  t: z.string().max(40).refine((t) => {
    const parsed = parseInstant(t);
    return typeof parsed !== "string" && parsed.hasOffset;
  }),
  n: z.number().int().min(1).max(1_000_000),
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

// Newest first through windows that double going back (a day, two, four, … then the rest), so
// a page of recent events reads a day of rows, and only a sparse project or a cursor deep in
// history reads further.
const WINDOWS = 11;

/** Recent raw events, newest first, optionally of one name and filtered, in pages. */
export async function listEvents({ ctx, input }: { ctx: Caller; input: unknown }): Promise<{ events: RawEvent[]; nextCursor: string | null }> {
  requirePermission(ctx, "read");
  const { name, limit, cursor, filters } = parseInput(ListEventsInput, input, "Invalid request");
  const after = cursor ? decode(cursor) : null;
  type Row = RawEvent & { cursorTime: string };
  // Rows with time in [from, to) (SQL built on the statement's own parameters), in page order.
  const select = (exec: Exec, range: (p: SqlParams) => { from: string; to: string }, options: { take: number; skip?: number }) => {
    const p = new SqlParams();
    const source = eventSource(ctx.projectId, name ?? null)(p);
    const { from, to } = range(p);
    const where = [...source.where, `e.time >= ${from}`, `e.time < ${to}`, ...filterConditions(filters ?? [], source.field, p)];
    return exec<Row>({
      text: `SELECT ${ISO("e.time")} AS time, e.time::text AS "cursorTime", e.name, e.event_id AS "eventId",
              e.user_id AS "userId", e.session_id AS "sessionId", e.value, e.properties, e.tags, e.environment, e.service,
              ${ISO("e.received_at")} AS "receivedAt"
       FROM ${rawRelation({ table: "events", from, to })} e WHERE ${where.join(" AND ")}
       ORDER BY e.time DESC, ${TIE} OFFSET ${options.skip ?? 0} LIMIT ${options.take}`,
      values: p.values,
    });
  };
  // On the query pool, with its slot, timeout and read-only transaction like every other read of raw data.
  const rows = await withQueryTransaction(async (exec) => {
    const found: Row[] = [];
    const want = limit + 1;
    const top = (p: SqlParams) => (after ? `${p.text(after.t)}::timestamptz` : "'infinity'::timestamptz");
    const base = (p: SqlParams) => (after ? `${p.text(after.t)}::timestamptz` : "now()");
    // The rows at the cursor's own instant that the last page did not reach.
    if (after) found.push(...(await select(exec, (p) => ({ from: top(p), to: `${top(p)} + interval '1 microsecond'` }), { take: want, skip: after.n })));
    for (let k = 0; k <= WINDOWS && found.length < want; k++) {
      const days = (n: number, p: SqlParams) => `${base(p)} - ${p.int(n)} * interval '1 day'`;
      const range = (p: SqlParams) => ({
        from: k === WINDOWS ? "'-infinity'::timestamptz" : days(2 ** k, p),
        to: k === 0 ? top(p) : days(2 ** (k - 1), p),
      });
      found.push(...(await select(exec, range, { take: want - found.length })));
    }
    return found;
  }, { projectId: ctx.projectId });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const events = page.map(({ cursorTime: _t, ...e }) => e as unknown as RawEvent);
  if (rows.length <= limit || !last) return { events, nextCursor: null };
  const atLast = page.filter((e) => e.cursorTime === last.cursorTime).length;
  return { events, nextCursor: encode({ t: last.cursorTime, n: atLast + (after && after.t === last.cursorTime ? after.n : 0) }) };
}
