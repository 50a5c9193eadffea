import { z } from "zod";
import { InstantInput } from "@/lib/validation/instant-input";
import { StorableString } from "@/lib/validation/text";

// Inputs of the annotation API, shared by the domain functions and the dashboard's form.
// Client-safe: zod and pure helpers only.

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 2000;
export const TAGS_MAX = 20;
export const TAG_MAX = 64;
/** The longest span: a migration window or a campaign, not a season. Bounding it lets a range read use the start index. */
export const SPAN_MAX_MS = 366 * 24 * 3600_000;
/** The most annotations one read returns (a graph cannot show more legibly). */
export const LIST_LIMIT = 1000;

const Instant = InstantInput;

// Commas separate tags in a query string (?tags=deploy,api), so a tag holds none.
const Tag = StorableString("A tag is a string")
  .trim()
  .min(1, "A tag cannot be empty")
  .max(TAG_MAX, `A tag has at most ${TAG_MAX} characters`)
  .refine((t) => !t.includes(","), "A tag cannot contain a comma");

const Tags = z
  .array(Tag, { error: "Give tags as a list of strings" })
  .max(TAGS_MAX, `At most ${TAGS_MAX} tags`)
  .transform((tags) => [...new Set(tags)]);

const Title = StorableString("Give the annotation a title")
  .trim()
  .min(1, "Give the annotation a title")
  .max(TITLE_MAX, `A title has at most ${TITLE_MAX} characters`);

const Description = StorableString("A description is text")
  .trim()
  .max(DESCRIPTION_MAX, `A description has at most ${DESCRIPTION_MAX} characters`)
  .nullable()
  .transform((d) => (d ? d : null));

const SPAN_MESSAGE = `A span lasts at most ${SPAN_MAX_MS / 86_400_000} days`;

/** Checks the span rules on epoch ms (also used on an update merged with the stored row). */
export function spanProblem(startsAt: number, endsAt: number | null): { field: "endsAt"; message: string } | null {
  if (endsAt === null) return null;
  if (endsAt < startsAt) return { field: "endsAt", message: "endsAt must not be before startsAt" };
  if (endsAt - startsAt > SPAN_MAX_MS) return { field: "endsAt", message: SPAN_MESSAGE };
  return null;
}

export const CreateAnnotationInput = z
  .object({
    /** Omitted: now (a deploy pipeline marks the moment it runs). */
    startsAt: Instant.optional(),
    endsAt: Instant.nullable().optional(),
    title: Title,
    description: Description.optional(),
    tags: Tags.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.startsAt === undefined || v.endsAt == null) return;
    const problem = spanProblem(v.startsAt, v.endsAt);
    if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
  });
export type CreateAnnotationInput = z.input<typeof CreateAnnotationInput>;

export const UpdateAnnotationInput = z
  .object({
    startsAt: Instant.optional(),
    endsAt: Instant.nullable().optional(),
    title: Title.optional(),
    description: Description.optional(),
    tags: Tags.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Say what to change: startsAt, endsAt, title, description or tags");
export type UpdateAnnotationInput = z.input<typeof UpdateAnnotationInput>;

/** A list of tags from a query string: repeated `tags` and comma-separated values alike. */
const QueryTags = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((t) => t.split(",")).map((t) => t.trim()).filter(Boolean))
  .pipe(Tags);

/** Without a range: the last LIST_DEFAULT_DAYS days up to now. */
export const LIST_DEFAULT_DAYS = 7;

export const ListAnnotationsInput = z
  .object({ from: Instant.optional(), to: Instant.optional(), tags: QueryTags.optional() })
  .strict()
  .transform((v) => {
    const to = v.to ?? Date.now();
    return { from: v.from ?? to - LIST_DEFAULT_DAYS * 86_400_000, to, tags: v.tags };
  })
  .superRefine((v, ctx) => {
    if (v.to < v.from) ctx.addIssue({ code: "custom", path: ["to"], message: "to must not be before from" });
  });
export type ListAnnotationsInput = z.input<typeof ListAnnotationsInput>;

export interface AnnotationView {
  id: string;
  startsAt: string;
  /** null: an instant. */
  endsAt: string | null;
  title: string;
  description: string | null;
  tags: string[];
  /** The person's email or the API key's name; null when that person or key is gone, or a job made it. */
  createdBy: string | null;
  createdByKind: "user" | "key" | null;
  createdAt: string;
}
