import { z } from "zod";

// PostgreSQL's text and jsonb cannot hold U+0000, and jsonb refuses an unpaired UTF-16
// surrogate ("\ud800"), which text would silently turn into U+FFFD. Every string bound for
// the database is checked with these, at the schema, before any statement runs. Client-safe.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store: no NUL character, no unpaired UTF-16 surrogate. */
export function isStorableText(s: string): boolean {
  return !s.includes("\u0000") && !LONE_SURROGATE.test(s);
}

export const UNSTORABLE_TEXT_MESSAGE = "contains a NUL character or invalid Unicode (an unpaired surrogate), which cannot be stored";

/** A string PostgreSQL can store; chain .min/.max/.trim as on z.string(). */
// The message is for a value that is not a string only: a schema-wide `error` would also
// replace the messages of chained checks (a title too long would read "must be a string").
export const StorableString = (error = "must be a string") =>
  z
    .string({ error: (issue) => (issue.code === "invalid_type" ? error : undefined) })
    .refine(isStorableText, { message: `The text ${UNSTORABLE_TEXT_MESSAGE}`, abort: true });

type Def = { type: string; innerType?: Schema; element?: Schema; shape?: Record<string, Schema>; out?: Schema; valueType?: Schema };
type Schema = { _zod: { def: Def } };
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"]);

/** The schema a value was checked by, past wrappers; undefined once that is unknown (transforms, unions). */
function unwrap(schema: Schema | undefined): Def | undefined {
  let def = schema?._zod?.def;
  for (let i = 0; def && i < 20; i++) {
    if (WRAPPERS.has(def.type) && def.innerType) def = def.innerType._zod.def;
    else if (def.type === "pipe" && def.out) def = def.out._zod.def;
    else return def;
  }
  return def;
}

/**
 * The path of the first string (or object key) in a parsed value that PostgreSQL cannot
 * store, or null. Parts the schema declares `unknown` are skipped: whoever reads them
 * validates them (ingest items, each rejected on its own). Iterative, so any depth is safe.
 */
export function findUnstorableText(value: unknown, schema?: z.ZodType): (string | number)[] | null {
  // Each entry links to its parent instead of copying its path, so deep nesting stays linear.
  type Entry = { value: unknown; def: Def | undefined; key: string | number | null; parent: Entry | null };
  const pathOf = (e: Entry | null, last?: string): (string | number)[] => {
    const path: (string | number)[] = last === undefined ? [] : [last];
    for (let at = e; at && at.key !== null; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const stack: Entry[] = [{ value, def: unwrap(schema as unknown as Schema), key: null, parent: null }];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const { value: v, def } = entry;
    if (def?.type === "unknown" || def?.type === "any") continue;
    if (typeof v === "string") {
      if (!isStorableText(v)) return pathOf(entry);
    } else if (Array.isArray(v)) {
      const element = def?.type === "array" ? unwrap(def.element) : undefined;
      if (element?.type === "unknown" || element?.type === "any") continue;
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], def: element, key: i, parent: entry });
    } else if (v !== null && typeof v === "object" && isPlainObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (!isStorableText(k)) return pathOf(entry, k);
        const childDef = def?.type === "object" ? unwrap(def.shape?.[k]) : def?.type === "record" ? unwrap(def.valueType) : undefined;
        stack.push({ value: child, def: childDef, key: k, parent: entry });
      }
    }
  }
  return null;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
