import { z } from "zod";
import { can, type Caller } from "@/lib/auth/caller";
import { FluxError } from "@/lib/errors";
import { ensureTimeZoneDirectory } from "@/lib/time/load-time-zones";
import { fluxLinks } from "./links";
import { FluxToolError, type FluxTool, type ToolResult } from "./tool";
import { FLUX_TOOLS } from "./tools";

/** The most text one answer gives a model: summaries, not dumps. */
export const MAX_TOOL_TEXT = 8_000;

export function toolsFor(ctx: Caller): FluxTool[] {
  return FLUX_TOOLS.filter((t) => can(ctx, t.permission));
}

export function findTool(name: string): FluxTool | undefined {
  return FLUX_TOOLS.find((t) => t.name === name);
}

const scopeName = (p: "read" | "ingest") => p;

/**
 * The one way both front ends run a tool: arguments checked by its input schema (each problem
 * named by field), the caller's permission, the run, its output checked by its output schema,
 * the text capped. Every failure a model can act on is a FluxToolError; others are bugs.
 */
export async function runFluxTool({ ctx, name, args, base }: { ctx: Caller; name: string; args: unknown; base: string }): Promise<ToolResult<Record<string, unknown>>> {
  const tool = findTool(name);
  if (!tool) throw new FluxToolError(`There is no tool named "${name}"`);
  if (!can(ctx, tool.permission)) {
    throw new FluxToolError(ctx.kind === "key" ? `This API key lacks the '${scopeName(tool.permission)}' scope that ${name} needs` : `You may not use ${name} in this project`);
  }
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // An unknown argument is named by its own path ("range.form"), not by its parent object's.
    const unknownKey = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
    const field = [...issue.path, ...(unknownKey === undefined ? [] : [unknownKey])].join(".") || undefined;
    throw new FluxToolError(`${field ? `${field}: ` : ""}${issue.message}`, field);
  }
  await ensureTimeZoneDirectory();
  let result: ToolResult<Record<string, unknown>>;
  try {
    result = (await tool.run({ ctx, input: parsed.data, links: fluxLinks(ctx.projectId, base) })) as ToolResult<Record<string, unknown>>;
  } catch (error) {
    // The domain's own 4xx (an unknown metric, a bad filter) are answers a model can act on.
    if (error instanceof FluxError && error.status < 500 && error.code !== "unavailable") {
      const details = Array.isArray(error.details) ? (error.details as { field?: string; message?: string }[]) : [];
      const first = details[0];
      throw new FluxToolError(first?.field ? `${error.message} (${first.field}: ${first.message})` : error.message, first?.field);
    }
    throw error;
  }
  const checked = tool.output.safeParse(result.structured);
  if (!checked.success) throw new Error(`${name} answered outside its output schema: ${z.prettifyError(checked.error)}`);
  const text = result.text.length > MAX_TOOL_TEXT ? `${result.text.slice(0, MAX_TOOL_TEXT - 60)}\n… (cut at ${MAX_TOOL_TEXT} characters)` : result.text;
  return { structured: checked.data as Record<string, unknown>, text };
}
