import { queryRequestSchema, type QueryRequest } from "@/lib/query/model";

// The explore page's `q` read back: base64url JSON of a runQuery input (links.ts writes it).
// Anything else (a cut link, a hand-edited one) is a message for the person, never a 500.

/** Longer than any link a tool writes (a query holds at most 10 sub-queries of 20 filters). */
export const MAX_EXPLORE_PARAM = 64_000;

export type DecodedExplore = { ok: true; query: QueryRequest } | { ok: false; message: string };

export function decodeExploreQuery(q: string | string[] | undefined): DecodedExplore {
  if (q === undefined || q === "") return { ok: false, message: "This link has no query: open it from an answer of Ask Flux or an assistant connected over MCP." };
  if (Array.isArray(q)) return { ok: false, message: "This link has more than one query (q); keep one." };
  if (q.length > MAX_EXPLORE_PARAM) return { ok: false, message: `The query in this link is longer than ${MAX_EXPLORE_PARAM} characters.` };
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(q)) return { ok: false, message: "The query in this link is not base64url text; the link may have been cut or changed." };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(q, "base64url").toString("utf8"));
  } catch {
    return { ok: false, message: "The query in this link is not valid JSON; the link may have been cut or changed." };
  }
  if (!json || typeof json !== "object" || Array.isArray(json)) return { ok: false, message: "The query in this link is not a query object." };
  const parsed = queryRequestSchema(json).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".");
    return { ok: false, message: `The query in this link is invalid: ${field ? `${field}: ` : ""}${issue.message}.` };
  }
  return { ok: true, query: parsed.data };
}
